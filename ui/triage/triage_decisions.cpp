#include "ui/triage/triage_decisions.h"

#include "ui/case_writes.h"

#include <QUndoCommand>
#include <QUndoStack>

namespace cordon::ui {
namespace {

QString verb(core::AlertDecision::Kind kind)
{
    using K = core::AlertDecision::Kind;
    switch (kind) {
    case K::Acknowledge: return TriageDecisions::tr("Acknowledge");
    case K::Assign: return TriageDecisions::tr("Assign");
    case K::Escalate: return TriageDecisions::tr("Escalate");
    case K::Merge: return TriageDecisions::tr("Merge");
    case K::Dismiss: return TriageDecisions::tr("Dismiss");
    case K::Resolve: return TriageDecisions::tr("Resolve");
    }
    return {};
}

QString describe(const TriageDecisions::Step &step)
{
    const auto n = step.changes.size();
    return n == 1 ? TriageDecisions::tr("%1 alert #%2").arg(verb(step.decision.kind)).arg(step.changes.front().alertId)
                  : TriageDecisions::tr("%1 %2 alerts").arg(verb(step.decision.kind)).arg(n);
}

/// One undo step: its first redo is the decision already applied, so it does nothing.
class DecisionCommand : public QUndoCommand {
public:
    DecisionCommand(TriageDecisions &owner, std::shared_ptr<TriageDecisions::Step> step)
        : m_owner(owner), m_step(std::move(step))
    {
        setText(describe(*m_step));
    }
    void undo() override { m_owner.undo(m_step); }
    void redo() override
    {
        if (std::exchange(m_applied, false))
            return;
        m_owner.redo(m_step);
    }

private:
    TriageDecisions &m_owner;
    std::shared_ptr<TriageDecisions::Step> m_step;
    bool m_applied = true;
};

} // namespace

TriageDecisions::TriageDecisions(CaseWrites &writes, QUndoStack &stack, QObject *parent)
    : QObject(parent), m_writes(writes), m_stack(stack)
{
}

void TriageDecisions::run(std::function<void(core::Database &, QStringList &)> job, std::function<void()> done)
{
    auto failures = std::make_shared<QStringList>();
    m_writes.write(
        [job = std::move(job), failures](core::Database &db) -> core::Status {
            job(db, *failures);
            return {};
        },
        [this, failures, done = std::move(done)](const QString &error) {
            if (!error.isEmpty())
                failures->prepend(error);
            if (!failures->isEmpty())
                Q_EMIT problem(failures->join(QLatin1Char('\n')));
            if (done)
                done();
            Q_EMIT applied();
        });
}

void TriageDecisions::decide(const QList<qint64> &alertIds, core::AlertDecision decision)
{
    if (alertIds.isEmpty())
        return;
    decision.actor = responderName().toStdString();
    auto step = std::make_shared<Step>(Step{decision, {}});
    run([step, alertIds](core::Database &db, QStringList &failures) {
            for (qint64 id : alertIds) {
                auto change = core::decideAlert(db, core::SystemClock::instance(), id, step->decision);
                if (change)
                    step->changes.push_back(std::move(change.value()));
                else
                    failures << QString::fromStdString(change.error().message);
            }
        },
        [this, step] {
            if (!step->changes.empty())
                m_stack.push(new DecisionCommand(*this, step));
        });
}

void TriageDecisions::undo(const std::shared_ptr<Step> &step)
{
    const std::string actor = responderName().toStdString();
    run([step, actor](core::Database &db, QStringList &failures) {
        for (auto it = step->changes.rbegin(); it != step->changes.rend(); ++it) {
            if (auto status = core::revertDecision(db, core::SystemClock::instance(), *it, actor); !status)
                failures << tr("Could not undo: %1").arg(QString::fromStdString(status.error().message));
        }
    });
}

void TriageDecisions::redo(const std::shared_ptr<Step> &step)
{
    core::AlertDecision decision = step->decision;
    decision.actor = responderName().toStdString();
    run([step, decision](core::Database &db, QStringList &failures) {
        for (core::TriageChange &c : step->changes) {
            auto again = core::decideAlert(db, core::SystemClock::instance(), c.alertId, decision);
            if (again)
                c = std::move(again.value());   // a later undo reverts this application
            else
                failures << tr("Could not redo: %1").arg(QString::fromStdString(again.error().message));
        }
    });
}

} // namespace cordon::ui
