#pragma once

#include "core/triage/alert_triage.h"

#include <QList>
#include <QObject>

#include <memory>

class QUndoStack;

namespace cordon::ui {

class CaseWrites;

/// Triage decisions made in the window. Each is applied on the case's writer; the alerts it
/// changed become one step on the undo stack, whose undo is an audited revert (the
/// lifecycle itself only moves forward) and whose redo decides again. Nothing is pushed
/// for a decision that failed, and a step that can no longer be undone says why.
class TriageDecisions : public QObject {
    Q_OBJECT
public:
    TriageDecisions(CaseWrites &writes, QUndoStack &stack, QObject *parent = nullptr);

    /// Applies `decision` to each alert under the responder's name.
    void decide(const QList<qint64> &alertIds, core::AlertDecision decision);

    /// What one undo step holds; written on the writer thread only once pushed.
    struct Step {
        core::AlertDecision decision;
        std::vector<core::TriageChange> changes;
    };
    void undo(const std::shared_ptr<Step> &step);
    void redo(const std::shared_ptr<Step> &step);

Q_SIGNALS:
    /// Decisions were committed (or reverted): the case is worth reading again.
    void applied();
    void problem(const QString &message);

private:
    /// Runs `job` on the writer; failures it lists are reported, then applied() is emitted.
    void run(std::function<void(core::Database &, QStringList &)> job, std::function<void()> done = {});

    CaseWrites &m_writes;
    QUndoStack &m_stack;
};

} // namespace cordon::ui
