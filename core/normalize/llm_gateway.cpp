// LLM gateway logs: LiteLLM StandardLoggingPayload, OTLP/JSON gen_ai spans, Langfuse trace exports.
#include "core/normalize/formats.h"

#include "core/domain/event_flags.h"

namespace cordon::core::normalize {
namespace {

void appendLine(std::string &out, std::string_view text)
{
    if (text.empty())
        return;
    if (!out.empty())
        out.push_back('\n');
    out.append(text);
}

void collectText(const json &v, std::initializer_list<std::string_view> skipRoles, std::string &out, int depth)
{
    if (depth > 8)
        return;
    if (v.is_string()) {
        const auto &s = v.get_ref<const std::string &>();
        const auto first = s.find_first_not_of(" \t\r\n");
        if (first != std::string::npos && (s[first] == '[' || s[first] == '{')) {
            const json inner = json::parse(s, nullptr, false);
            if (!inner.is_discarded()) {
                collectText(inner, skipRoles, out, depth + 1);
                return;
            }
        }
        appendLine(out, s);
        return;
    }
    if (v.is_array()) {
        for (const json &item : v)
            collectText(item, skipRoles, out, depth + 1);
        return;
    }
    if (!v.is_object())
        return;
    if (auto role = v.find("role"); role != v.end() && role->is_string()) {
        for (auto skip : skipRoles) {
            if (role->get_ref<const std::string &>() == skip)
                return;
        }
    }
    for (const char *key : {"content", "text", "parts", "message", "value"}) {
        if (auto it = v.find(key); it != v.end() && !it->is_null()) {
            collectText(*it, skipRoles, out, depth + 1);
            return;
        }
    }
}

std::optional<std::string> nonEmpty(std::string s)
{
    return s.empty() ? std::nullopt : std::optional<std::string>(std::move(s));
}

/// The system prompt of a message list, kept apart from the user's prompt.
std::optional<std::string> systemInstructions(const json &messages)
{
    std::string out;
    const json parsed = messages.is_string() ? json::parse(messages.get<std::string>(), nullptr, false) : messages;
    if (!parsed.is_array())
        return std::nullopt;
    for (const json &m : parsed) {
        if (m.is_object() && m.value("role", "") == "system")
            collectText(m.contains("content") ? m["content"] : m.value("parts", json()), {}, out, 1);
    }
    return nonEmpty(std::move(out));
}

// ---- OTLP ----

json otlpValue(const json &v)
{
    if (!v.is_object())
        return v;
    if (auto it = v.find("stringValue"); it != v.end())
        return *it;
    if (auto it = v.find("intValue"); it != v.end())
        return integer(&*it) ? json(*integer(&*it)) : *it;
    if (auto it = v.find("doubleValue"); it != v.end())
        return *it;
    if (auto it = v.find("boolValue"); it != v.end())
        return *it;
    if (auto it = v.find("arrayValue"); it != v.end()) {
        json out = json::array();
        for (const json &x : it->value("values", json::array()))
            out.push_back(otlpValue(x));
        return out;
    }
    if (auto it = v.find("kvlistValue"); it != v.end()) {
        json out = json::object();
        for (const json &kv : it->value("values", json::array()))
            out[kv.value("key", "")] = otlpValue(kv.value("value", json()));
        return out;
    }
    return v;
}

/// OTLP's [{key, value: {stringValue: ...}}] as a flat {key: value} object.
json otlpAttributes(const json &list)
{
    json out = json::object();
    if (!list.is_array())
        return out;
    for (const json &kv : list) {
        if (kv.is_object() && kv.contains("key"))
            out[kv["key"].get<std::string>()] = otlpValue(kv.value("value", json()));
    }
    return out;
}

std::string otlpKind(const json &attrs)
{
    const std::string op = text(attrs, "gen_ai.operation.name").value_or("");
    if (op == "execute_tool")
        return "tool.call";
    if (op == "invoke_agent" || op == "create_agent")
        return "agent.invoke";
    if (!op.empty() || find(attrs, "gen_ai.request.model"))
        return "llm.request";
    return "span";
}

Event otlpSpanEvent(const json &resource, const json &scope, const json &span, const RecordContext &context)
{
    json attrs = otlpAttributes(span.value("attributes", json::array()));
    const json resourceAttrs = otlpAttributes(resource.value("attributes", json::array()));
    const auto start = time(span, "startTimeUnixNano");
    if (!start)
        throw Reject{"span \"" + span.value("name", "") + "\" has no startTimeUnixNano"};
    Event e = makeEvent(context, otlpKind(attrs), *start);
    e.externalId = text(span, "spanId");
    e.model = text(attrs, "gen_ai.request.model");
    e.modelVersion = text(attrs, "gen_ai.response.model");
    e.provider = firstText(attrs, {"gen_ai.provider.name", "gen_ai.system"});
    e.session = firstText(attrs, {"gen_ai.conversation.id", "session.id"});
    e.account = firstText(attrs, {"user.id", "enduser.id"});
    e.sourceIp = text(attrs, "client.address");
    e.userAgent = text(attrs, "user_agent.original");
    // The older conventions said prompt/completion tokens.
    e.inputTokens = firstInteger(attrs, {"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"});
    e.outputTokens = firstInteger(attrs, {"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"});

    // Content lives in attributes (current conventions) or span events (older ones).
    std::string prompt, output;
    for (const char *key : {"gen_ai.input.messages", "gen_ai.prompt"}) {
        if (const json *v = find(attrs, key))
            appendLine(prompt, messagesText(*v, {"system"}));
    }
    for (const char *key : {"gen_ai.output.messages", "gen_ai.completion"}) {
        if (const json *v = find(attrs, key))
            appendLine(output, messagesText(*v));
    }
    if (const json *v = find(attrs, "gen_ai.input.messages")) {
        if (auto sys = systemInstructions(*v); sys && !find(attrs, "gen_ai.system_instructions"))
            attrs["gen_ai.system_instructions"] = *sys;
    }
    json spanEvents = json::array();
    for (const json &ev : span.value("events", json::array())) {
        const std::string name = ev.value("name", "");
        const json evAttrs = otlpAttributes(ev.value("attributes", json::array()));
        if (name == "gen_ai.user.message" || name == "gen_ai.content.prompt")
            appendLine(prompt, messagesText(evAttrs.contains("gen_ai.prompt") ? evAttrs["gen_ai.prompt"] : evAttrs.value("content", json())));
        else if (name == "gen_ai.choice" || name == "gen_ai.content.completion")
            appendLine(output, messagesText(evAttrs.contains("gen_ai.completion") ? evAttrs["gen_ai.completion"] : evAttrs.value("message", evAttrs.value("content", json()))));
        else
            spanEvents.push_back({{"name", name}, {"attributes", evAttrs}});
    }
    e.prompt = nonEmpty(std::move(prompt));
    e.output = nonEmpty(std::move(output));

    json rest = remainder(attrs, {"gen_ai.request.model", "gen_ai.response.model", "gen_ai.provider.name",
                                  "gen_ai.system", "gen_ai.conversation.id", "session.id", "user.id", "enduser.id",
                                  "client.address", "user_agent.original", "gen_ai.usage.input_tokens",
                                  "gen_ai.usage.prompt_tokens", "gen_ai.usage.output_tokens",
                                  "gen_ai.usage.completion_tokens", "gen_ai.input.messages", "gen_ai.prompt",
                                  "gen_ai.output.messages", "gen_ai.completion"});
    rest["otel.trace_id"] = span.value("traceId", "");
    if (span.contains("parentSpanId"))
        rest["otel.parent_span_id"] = span["parentSpanId"];
    rest["otel.span_name"] = span.value("name", "");
    if (span.contains("status"))
        rest["otel.status"] = span["status"];
    if (!spanEvents.empty())
        rest["otel.events"] = std::move(spanEvents);
    if (!resourceAttrs.empty())
        rest["otel.resource"] = resourceAttrs;
    if (scope.contains("name"))
        rest["otel.scope"] = scope["name"];
    setAttributes(e, rest);
    setPayload(e, compact(json{{"resource", resource}, {"scope", scope}, {"span", span}}));
    return e;
}

std::string langfuseKind(const std::string &type)
{
    if (type == "GENERATION")
        return "llm.request";
    if (type == "TOOL")
        return "tool.call";
    if (type == "AGENT")
        return "agent.invoke";
    if (type == "EVENT")
        return "agent.event";
    return "agent.step";
}

} // namespace

std::string messagesText(const json &messages, std::initializer_list<std::string_view> skipRoles)
{
    std::string out;
    collectText(messages, skipRoles, out, 0);
    return out;
}

json remainder(const json &record, std::initializer_list<std::string_view> mapped)
{
    json rest = record.is_object() ? record : json::object();
    for (auto path : mapped)
        erase(rest, path);
    return rest;
}

Normalized fromLiteLlm(json &r, std::string_view raw, const RecordContext &context)
{
    auto start = time(r, "startTime");
    if (!start)
        throw Reject{"LiteLLM payload without a usable \"startTime\""};
    Event e = makeEvent(context, "llm.request", *start);
    e.externalId = text(r, "id");
    e.model = text(r, "model");
    e.modelVersion = text(r, "response.model");
    e.provider = text(r, "custom_llm_provider");
    e.account = firstText(r, {"end_user", "metadata.user_api_key_end_user_id", "metadata.user_api_key_user_id"});
    e.sourceIp = firstText(r, {"requester_ip_address", "metadata.requester_ip_address"});
    e.session = firstText(r, {"metadata.session_id", "trace_id"});
    e.inputTokens = integer(r, "prompt_tokens");
    e.outputTokens = integer(r, "completion_tokens");
    if (const json *m = find(r, "messages"))
        e.prompt = nonEmpty(messagesText(*m, {"system", "assistant"}));
    if (const json *choices = find(r, "response.choices"))
        e.output = nonEmpty(messagesText(*choices));
    json rest = remainder(r, {"id", "model", "custom_llm_provider", "end_user", "requester_ip_address",
                              "prompt_tokens", "completion_tokens", "messages", "response",
                              "model_map_information", "startTime"});
    if (const json *m = find(r, "messages")) {
        if (auto sys = systemInstructions(*m))
            rest["gen_ai.system_instructions"] = *sys;
    }
    if (text(r, "status").value_or("") == "failure")
        rest["error"] = r.value("error_str", json());
    if (const json *g = find(r, "guardrail_information"); g && g->is_object()) {
        const std::string status = text(*g, "guardrail_status").value_or("");
        if (status == "guardrail_intervened" || status == "blocked" || status == "failure")
            e.flags |= GuardrailBlocked;
    }
    setAttributes(e, rest);
    setPayload(e, raw);
    return single(std::move(e));
}

Normalized fromOtlpTraces(json &r, const RecordContext &context)
{
    Normalized out;
    for (const json &rs : r.value("resourceSpans", json::array())) {
        const json resource = rs.value("resource", json::object());
        for (const json &ss : rs.value("scopeSpans", json::array())) {
            const json scope = ss.value("scope", json::object());
            for (const json &span : ss.value("spans", json::array()))
                out.events.push_back(otlpSpanEvent(resource, scope, span, context));
        }
    }
    if (out.events.empty())
        throw Reject{"OTLP export without spans"};
    return out;
}

Normalized fromLangfuse(json &r, const RecordContext &context)
{
    const json &trace = r["trace"];
    if (!trace.is_object() || !r["observations"].is_array())
        throw Reject{"Langfuse export needs a \"trace\" object and an \"observations\" array"};
    Normalized out;
    for (const json &o : r["observations"]) {
        auto start = time(o, "startTime");
        if (!start)
            throw Reject{"Langfuse observation " + o.value("id", "?") + " has no startTime"};
        Event e = makeEvent(context, langfuseKind(o.value("type", "")), *start);
        e.externalId = text(o, "id");
        e.account = text(trace, "userId");
        e.session = firstText(trace, {"sessionId", "id"});
        e.model = text(o, "model");
        e.inputTokens = integer(o, "inputUsage");
        e.outputTokens = integer(o, "outputUsage");
        if (const json *in = find(o, "input"))
            e.prompt = nonEmpty(messagesText(*in, {"system", "assistant"}));
        if (const json *outText = find(o, "output"))
            e.output = nonEmpty(messagesText(*outText));
        json rest = remainder(o, {"id", "model", "inputUsage", "outputUsage", "input", "output", "startTime"});
        if (const json *in = find(o, "input")) {
            if (auto sys = systemInstructions(*in))
                rest["gen_ai.system_instructions"] = *sys;
        }
        rest["langfuse.trace_name"] = trace.value("name", json());
        if (trace.contains("scores") && !trace["scores"].empty()) {
            json scores = json::object();
            for (const json &s : trace["scores"])
                scores[s.value("name", "score")] = s.value("value", json());
            rest["langfuse.scores"] = std::move(scores);
        }
        if (o.value("level", "") == "ERROR")
            rest["error"] = o.value("statusMessage", json());
        setAttributes(e, rest);
        setPayload(e, compact(json{{"traceId", trace.value("id", json())}, {"observation", o}}));
        out.events.push_back(std::move(e));
    }
    if (out.events.empty())
        throw Reject{"Langfuse trace export without observations"};
    return out;
}

} // namespace cordon::core::normalize
