#pragma once

#include "ui/case_snapshot.h"

#include <QWidget>

#include <array>

class QLabel;

namespace cordon::ui {

/// The case at a glance: title, badges (severity, phase, exercise), and the counters.
class CaseHeaderWidget : public QWidget {
    Q_OBJECT
public:
    explicit CaseHeaderWidget(QWidget *parent = nullptr);
    void setSnapshot(const CaseSnapshot &snapshot);

private:
    QLabel *m_title;
    QLabel *m_severity;
    QLabel *m_phase;
    QLabel *m_exercise;
    QLabel *m_type;
    QLabel *m_readOnly;
    QLabel *m_events, *m_affected, *m_campaigns, *m_deadLetters, *m_span, *m_audit;
    std::array<QLabel *, 4> m_openAlerts{};   ///< by core::Severity
};

} // namespace cordon::ui
