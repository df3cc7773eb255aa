#pragma once

#include "core/triage/alert_triage.h"

#include <QDialog>

class QDialogButtonBox;
class QLineEdit;
class QRadioButton;

namespace cordon::ui {

/// How alerts leave the open lanes: resolved after review, merged into the incident, or
/// dismissed as a false positive, which needs a reason (it is what the false-positive rate
/// and the review are built from).
class CloseAlertDialog : public QDialog {
    Q_OBJECT
public:
    CloseAlertDialog(int alertCount, bool canResolve, core::AlertDecision::Kind preselected, QWidget *parent = nullptr);

    /// The chosen kind and reason (the actor is filled in by whoever applies it).
    core::AlertDecision decision() const;

private:
    void updateOk();

    QRadioButton *m_resolve, *m_merge, *m_dismiss;
    QLineEdit *m_reason;
    QDialogButtonBox *m_buttons;
};

} // namespace cordon::ui
