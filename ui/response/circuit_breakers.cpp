#include "ui/response/circuit_breakers.h"

#include "ui/case_writes.h"
#include "ui/response/response_desk.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace cordon::ui {
namespace {

namespace r = core::response;
const QString kAllAgents = QStringLiteral("all-agents");

QString capabilityTitle(const QString &id)
{
    QString t = id;
    t.replace(QLatin1Char('_'), QLatin1Char(' '));
    t[0] = t[0].toUpper();
    return t;
}

} // namespace

CircuitBreakers::CircuitBreakers(ResponseDesk &desk, QWidget *parent) : QWidget(parent), m_desk(desk), m_agent(new QLineEdit(kAllAgents))
{
    auto *grid = new QGridLayout(this);
    m_agent->setObjectName(QStringLiteral("breakerAgent"));
    m_agent->setToolTip(tr("The agent whose capabilities to cut, as the gateway names it; all-agents for every agent"));
    grid->addWidget(new QLabel(tr("Agent:")), 0, 0);
    grid->addWidget(m_agent, 0, 1, 1, 2);
    const r::ActionType *type = r::findActionType("agent.circuit_break");
    int row = 1;
    for (const auto &parameter : type->parameters) {
        if (parameter.name != "capability")
            continue;
        for (const auto &choice : parameter.choices) {
            const QString capability = QString::fromStdString(std::string(choice));
            auto *button = new QPushButton;
            button->setObjectName(QStringLiteral("breaker_") + capability);
            button->setCheckable(true);
            button->setMinimumWidth(160);
            connect(button, &QPushButton::clicked, this, [this, capability] { toggle(capability); });
            grid->addWidget(new QLabel(capabilityTitle(capability)), row, 0);
            grid->addWidget(button, row, 1);
            m_switches.emplace_back(capability, button);
            ++row;
        }
    }
    grid->setColumnStretch(2, 1);
    grid->setRowStretch(row, 1);
    connect(m_agent, &QLineEdit::textChanged, this, &CircuitBreakers::showState);
}

void CircuitBreakers::setActions(const std::vector<r::Action> &actions)
{
    m_actions = actions;
    showState();
}

const r::Action *CircuitBreakers::breaker(const QString &capability) const
{
    for (const auto &a : m_actions) {   // newest first
        if (a.type == "agent.circuit_break" && QString::fromStdString(a.target) == m_agent->text().trimmed() &&
            QString::fromStdString(a.parameters.value("capability", std::string())) == capability &&
            a.state != r::ActionState::Rejected && a.state != r::ActionState::Reverted)
            return &a;
    }
    return nullptr;
}

void CircuitBreakers::showState()
{
    for (auto &[capability, button] : m_switches) {
        const r::Action *a = breaker(capability);
        const bool inForce = a && (a->state == r::ActionState::Executed || a->state == r::ActionState::Verified);
        button->setChecked(inForce);
        button->setEnabled(m_desk.writable());
        if (!a)
            button->setText(tr("Closed (running)"));
        else if (inForce)
            button->setText(tr("OPEN: cut off (#%1)").arg(a->id));
        else
            button->setText(tr("Pending: %1 (#%2)").arg(QString::fromStdString(std::string(toString(a->state)))).arg(a->id));
    }
}

void CircuitBreakers::toggle(const QString &capability)
{
    const r::Action *a = breaker(capability);
    const QString agent = m_agent->text().trimmed();
    if (a && (a->state == r::ActionState::Executed || a->state == r::ActionState::Verified)) {
        Q_EMIT revertRequested(a->id);   // the page asks before it reverts
    } else if (!a && !agent.isEmpty()) {
        r::ActionProposal p{"agent.circuit_break", agent.toStdString(), {{"capability", capability.toStdString()}},
                            "circuit breaker switched on in the Response page", "", "", responderName().toStdString()};
        m_desk.change(tr("Opening the circuit breaker"), [p](core::Database &db) -> core::Status {
            auto proposed = r::proposeAction(db, core::SystemClock::instance(), p);
            return proposed ? core::Status{} : core::Status{proposed.error()};
        }, tr("Circuit breaker proposed: it opens once approved and executed"));
    }
    showState();   // the switch shows the case, not the click
}

} // namespace cordon::ui
