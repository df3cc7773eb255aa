#pragma once

#include "core/domain/case_info.h"

#include <QWidget>

namespace cordon::ui {

/// The incident's phases left to right: those behind it ticked, the current one marked,
/// each with the time of the milestone that closed it ("Contained 03:12"). Its context menu
/// records a milestone reached now or moves the case to another phase.
class PhaseStepper : public QWidget {
    Q_OBJECT
public:
    explicit PhaseStepper(QWidget *parent = nullptr);

    void setCase(const core::CaseInfo &info);
    int currentStep() const { return static_cast<int>(m_info.phase); }
    static int stepCount();
    /// What a step says under its name: its milestone and when, "—" while not reached.
    QString stepText(int step) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void milestoneRequested(core::Milestone milestone);
    void phaseRequested(core::Phase phase);

protected:
    void paintEvent(QPaintEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    core::CaseInfo m_info;
};

} // namespace cordon::ui
