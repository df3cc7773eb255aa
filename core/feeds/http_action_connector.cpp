#include "core/feeds/http_action_connector.h"

#include "core/feeds/http_post.h"
#include "core/util/secret_source.h"

namespace cordon::feeds {

using core::response::DeliveryOutcome;

HttpActionConnector::HttpActionConnector(core::response::ConnectorDefinition definition)
    : m_definition(std::move(definition))
{
}

DeliveryOutcome HttpActionConnector::deliver(const core::response::ActionDelivery &delivery)
{
    const nlohmann::json &c = m_definition.config;
    HttpPost post = configuredPost(c, delivery.body().dump());
    post.url = c.value("url", std::string());
    post.headers["Idempotency-Key"] = delivery.idempotencyKey();
    DeliveryOutcome out;
    if (c.value("auth", std::string("none")) == "bearer") {
        auto token = core::readSecret(c.value("secret", std::string()));
        if (!token) {
            out.attempts = 0;
            out.error = "connector " + m_definition.name + ": " + token.error().message;
            return out;
        }
        post.headers["Authorization"] = "Bearer " + *token;
    }
    const HttpPostResult r = postJson(post);
    out.ok = r.ok;
    out.attempts = r.attempts;
    out.error = r.error;
    out.response = r.toJson();
    out.response["url"] = post.url;
    return out;
}

core::response::HttpConnectorFactory httpConnectorFactory()
{
    return [](const core::response::ConnectorDefinition &def) -> std::unique_ptr<core::response::ActionConnector> {
        return std::make_unique<HttpActionConnector>(def);
    };
}

} // namespace cordon::feeds
