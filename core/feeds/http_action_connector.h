#pragma once

#include "core/response/connectors.h"

namespace cordon::feeds {

/// Delivers actions to an HTTP endpoint (an AI gateway's admin API): the delivery's JSON body
/// POSTed to the connector's url with an Idempotency-Key header (the same on every retry, so
/// the gateway applies the action once), a bearer token read from the connector's secret
/// reference, the timeout and retries it configures. The answer is recorded with the action.
class HttpActionConnector final : public core::response::ActionConnector {
public:
    explicit HttpActionConnector(core::response::ConnectorDefinition definition);
    core::response::DeliveryOutcome deliver(const core::response::ActionDelivery &delivery) override;

private:
    core::response::ConnectorDefinition m_definition;
};

/// The factory core's connector runner takes for HTTP connectors.
core::response::HttpConnectorFactory httpConnectorFactory();

} // namespace cordon::feeds
