#pragma once

#include "core/response/actions.h"

#include <QWidget>

#include <vector>

class QLineEdit;
class QPushButton;

namespace cordon::ui {

class ResponseDesk;

/// One switch per agent capability (tool execution, external API calls, code generation,
/// web search, file access) for the agent named: on when a circuit breaker on it is in force.
/// Switching on proposes opening the breaker (it takes effect once approved and executed);
/// switching off reverts the breaker in force, after asking.
class CircuitBreakers : public QWidget {
    Q_OBJECT
public:
    explicit CircuitBreakers(ResponseDesk &desk, QWidget *parent = nullptr);
    void setActions(const std::vector<core::response::Action> &actions);

Q_SIGNALS:
    void revertRequested(std::int64_t actionId);

private:
    void toggle(const QString &capability);
    void showState();
    /// The newest breaker action on (agent, capability) that is not rejected or reverted.
    const core::response::Action *breaker(const QString &capability) const;

    ResponseDesk &m_desk;
    QLineEdit *m_agent;
    std::vector<std::pair<QString, QPushButton *>> m_switches;
    std::vector<core::response::Action> m_actions;
};

} // namespace cordon::ui
