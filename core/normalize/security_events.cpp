// Security-tool event formats: ECS documents, OCSF events, Splunk HEC envelopes.
#include "core/normalize/formats.h"

#include "core/domain/event_flags.h"

namespace cordon::core::normalize {
namespace {

bool contains(const json *array, std::string_view value)
{
    if (!array)
        return false;
    if (array->is_string())
        return array->get_ref<const std::string &>() == value;
    if (array->is_array()) {
        for (const json &v : *array) {
            if (v.is_string() && v.get_ref<const std::string &>() == value)
                return true;
        }
    }
    return false;
}

std::string ecsKind(const json &r)
{
    const std::string kind = text(r, "event.kind").value_or("");
    if (kind == "alert" || kind == "signal" || find(r, "kibana.alert.rule.name"))
        return "alert";
    if (contains(find(r, "event.category"), "authentication"))
        return "auth";
    const std::string op = text(r, "gen_ai.operation.name").value_or("");
    if (op == "execute_tool")
        return "tool.call";
    if (!op.empty() || find(r, "gen_ai.request.model") || find(r, "gen_ai.prompt"))
        return "llm.request";
    return "system";
}

std::string ocsfKind(std::int64_t classUid)
{
    switch (classUid) {
    case 3002: return "auth";
    case 6003: return "api.activity";
    case 3001: case 3004: case 3005: case 3006: return "iam.change";
    default: break;
    }
    if (classUid >= 2000 && classUid < 3000)
        return "alert";   // findings: Security, Vulnerability, Compliance, Detection, ...
    if (classUid >= 4000 && classUid < 5000)
        return "network";
    return "ocsf." + std::to_string(classUid);
}

} // namespace

Normalized fromEcs(json &r, std::string_view raw, const RecordContext &context)
{
    auto at = time(r, "@timestamp");
    if (!at)
        throw Reject{"ECS document without a usable \"@timestamp\""};
    Event e = makeEvent(context, ecsKind(r), *at);
    e.externalId = firstText(r, {"event.id", "kibana.alert.uuid", "_id"});
    e.account = firstText(r, {"user.id", "user.name"});
    e.session = firstText(r, {"gen_ai.conversation.id", "session.id"});
    e.sourceIp = firstText(r, {"source.ip", "client.ip"});
    e.userAgent = text(r, "user_agent.original");
    e.model = text(r, "gen_ai.request.model");
    e.modelVersion = text(r, "gen_ai.response.model");
    e.provider = firstText(r, {"gen_ai.provider.name", "gen_ai.system"});
    e.inputTokens = integer(r, "gen_ai.usage.input_tokens");
    e.outputTokens = integer(r, "gen_ai.usage.output_tokens");
    if (const json *p = find(r, "gen_ai.prompt"))
        e.prompt = messagesText(*p, {"system"});
    if (const json *c = find(r, "gen_ai.completion"))
        e.output = messagesText(*c);
    if (e.kind == "auth" && text(r, "event.outcome").value_or("") == "failure")
        e.flags |= AuthFailure;
    setAttributes(e, remainder(r, {"@timestamp", "event.id", "user.id", "gen_ai.conversation.id", "source.ip",
                                   "user_agent.original", "gen_ai.request.model", "gen_ai.response.model",
                                   "gen_ai.provider.name", "gen_ai.usage.input_tokens",
                                   "gen_ai.usage.output_tokens", "gen_ai.prompt", "gen_ai.completion"}));
    setPayload(e, raw);
    return single(std::move(e));
}

Normalized fromOcsf(json &r, std::string_view raw, const RecordContext &context)
{
    const auto classUid = integer(r, "class_uid");
    auto at = time(r, "time");
    if (!at)
        at = time(r, "time_dt");
    if (!classUid || !at)
        throw Reject{"OCSF event needs an integer \"class_uid\" and a \"time\""};
    Event e = makeEvent(context, ocsfKind(*classUid), *at);
    e.externalId = firstText(r, {"metadata.uid", "finding_info.uid", "finding.uid"});
    e.account = firstText(r, {"actor.user.uid", "actor.user.name", "user.uid", "user.name"});
    e.session = firstText(r, {"actor.session.uid", "session.uid"});
    e.sourceIp = firstText(r, {"src_endpoint.ip", "device.ip"});
    e.userAgent = firstText(r, {"http_request.user_agent", "src_endpoint.agent.name"});
    // status_id 2 is Failure in every OCSF activity class.
    if (e.kind == "auth" && integer(r, "status_id").value_or(0) == 2)
        e.flags |= AuthFailure;
    setAttributes(e, remainder(r, {"time", "metadata.uid", "actor.user.uid", "actor.session.uid",
                                   "src_endpoint.ip", "http_request.user_agent"}));
    setPayload(e, raw);
    return single(std::move(e));
}

Normalized fromSplunkHec(json &r, std::string_view raw, const RecordContext &context, const NestedNormalizer &nested)
{
    auto it = r.find("event");
    if (it == r.end() || it->is_null())
        throw Reject{"HEC envelope without an \"event\""};
    RecordContext inner = context;
    if (auto source = text(r, "source"))
        inner.source = *source;
    // An envelope around a record Cordon knows (a gateway log, an ECS document) is that record.
    // A known record that is invalid is rejected with its own reason; an unknown one is kept
    // as a plain HEC event below.
    if (it->is_object()) {
        json event = *it;
        if (auto n = nested(event, inner))
            return std::move(*n);
    }
    auto at = time(r, "time");
    Event e = makeEvent(inner, "system", at.value_or(context.recordTime));
    e.externalId = text(r, "fields.event_id");
    json rest = remainder(r, {"time", "source"});
    if (!at)
        rest["cordon.time_from"] = "record time (the envelope had no \"time\")";
    setAttributes(e, rest);
    setPayload(e, raw);
    return single(std::move(e));
}

} // namespace cordon::core::normalize
