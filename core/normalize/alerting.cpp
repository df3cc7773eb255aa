// Alert notifications: Prometheus Alertmanager webhook v4 and Grafana Alerting webhooks.
#include "core/normalize/formats.h"

namespace cordon::core::normalize {
namespace {

std::optional<std::string> label(const json &alert, const json &common, std::initializer_list<const char *> names)
{
    for (const char *n : names) {
        if (auto v = text(alert, std::string("labels.") + n))
            return v;
        if (auto v = text(common, n))
            return v;
    }
    return std::nullopt;
}

} // namespace

Normalized fromAlertmanager(json &r, const RecordContext &context, bool grafana)
{
    const json &alerts = r["alerts"];
    if (!alerts.is_array())
        throw Reject{"alert notification without an \"alerts\" array"};
    const json commonLabels = r.value("commonLabels", json::object());
    const std::string groupKey = text(r, "groupKey").value_or("");
    Normalized out;
    for (const json &alert : alerts) {
        if (!alert.is_object())
            throw Reject{"an entry of \"alerts\" is not an object"};
        const std::string status = text(alert, "status").value_or(text(r, "status").value_or("firing"));
        // A resolution happened when the alert ended; a firing alert when it started.
        auto at = status == "resolved" ? time(alert, "endsAt") : time(alert, "startsAt");
        if (!at)
            at = time(alert, "startsAt");
        if (!at)
            throw Reject{"alert without a usable \"startsAt\""};
        Event e = makeEvent(context, "alert", *at);
        e.externalId = text(alert, "fingerprint");
        e.account = label(alert, commonLabels, {"account", "user", "user_id"});
        e.session = label(alert, commonLabels, {"session", "session_id"});
        e.sourceIp = label(alert, commonLabels, {"source_ip", "client_ip"});
        e.model = label(alert, commonLabels, {"model", "gen_ai_request_model"});
        json rest = remainder(alert, {"fingerprint"});
        rest["status"] = status;
        rest["alert.name"] = label(alert, commonLabels, {"alertname"}).value_or("");
        if (auto severity = label(alert, commonLabels, {"severity"}))
            rest["alert.severity"] = *severity;
        rest["alertmanager.group_key"] = groupKey;
        rest["alertmanager.receiver"] = r.value("receiver", json());
        if (r.contains("externalURL"))
            rest["alertmanager.external_url"] = r["externalURL"];
        if (grafana) {
            for (const char *k : {"orgId", "title", "message", "state"}) {
                if (r.contains(k))
                    rest[std::string("grafana.") + k] = r[k];
            }
        }
        setAttributes(e, rest);
        // Each alert is its own record: the same alert notified again is a duplicate, while a
        // change of status (firing -> resolved) is new. This is Alertmanager's idempotency key
        // (groupKey + fingerprint + status) made part of the payload's identity.
        setPayload(e, compact(json{{"groupKey", groupKey}, {"status", status}, {"alert", alert}}));
        out.events.push_back(std::move(e));
    }
    return out;
}

} // namespace cordon::core::normalize
