#include "core/ingest/cordon_jsonl.h"

#include "core/domain/event_flags.h"
#include "core/ingest/cordon_event_reader.h"
#include "core/util/time_format.h"

#include <optional>

namespace cordon::core {
namespace {

using json = nlohmann::json;

/// Raised for a record that is JSON but not a valid Cordon event; the message is the reason.
struct Reject {
    std::string reason;
};

std::string typeName(const json &v)
{
    return v.type_name();
}

std::optional<std::string> optString(json &record, const char *key)
{
    auto it = record.find(key);
    if (it == record.end() || it->is_null())
        return std::nullopt;
    if (it->is_string())
        return std::move(it->get_ref<std::string &>());
    if (it->is_number_integer())
        return std::to_string(it->get<std::int64_t>());
    throw Reject{std::string("\"") + key + "\" must be a string, not " + typeName(*it)};
}

std::optional<std::int64_t> optCount(const json &record, const char *key)
{
    auto it = record.find(key);
    if (it == record.end() || it->is_null())
        return std::nullopt;
    if (it->is_number_integer() && it->get<std::int64_t>() >= 0)
        return it->get<std::int64_t>();
    throw Reject{std::string("\"") + key + "\" must be a non-negative integer, not " + it->dump().substr(0, 40)};
}

TimeUs eventTime(const json &record)
{
    auto it = record.find("time");
    if (it == record.end())
        it = record.find("@timestamp");
    if (it == record.end() || it->is_null())
        throw Reject{"missing \"time\" (when the event happened)"};
    if (it->is_string()) {
        if (auto t = parseRfc3339(it->get_ref<const std::string &>()))
            return *t;
        throw Reject{"\"time\" is not an RFC 3339 date-time: \"" + it->get<std::string>().substr(0, 60) + "\""};
    }
    if (it->is_number()) {
        if (auto t = epochToUs(it->get<double>()))
            return *t;
    }
    throw Reject{"\"time\" must be an RFC 3339 string or epoch number, not " + it->dump().substr(0, 40)};
}

constexpr const char *kMappedKeys[] = {"time", "@timestamp", "kind", "source", "id", "account", "session",
                                       "source_ip", "user_agent", "model", "model_version", "provider",
                                       "prompt", "output", "input_tokens", "output_tokens", "flags",
                                       "attributes"};

} // namespace

Expected<Event> parseCordonEvent(std::string_view record, std::string_view defaultSource, TimeUs recordTime,
                                 const JsonLimits &limits)
{
    if (auto e = readCordonEvent(record, defaultSource, recordTime, limits))
        return std::move(*e);
    auto parsed = parseJson(record, limits);
    if (!parsed)
        return parsed.error();
    return cordonEventFromJson(*parsed, record, defaultSource, recordTime);
}

Expected<Event> cordonEventFromJson(JsonDocument &parsed, std::string_view record, std::string_view defaultSource,
                                    TimeUs recordTime)
{
    json &doc = parsed.value;
    if (!doc.is_object())
        return Error{ErrorCode::Invalid, "a record must be a JSON object, not " + typeName(doc)};

    Event e;
    try {
        e.eventTime = eventTime(doc);
        e.recordTime = recordTime;
        auto kind = optString(doc, "kind");
        if (!kind || kind->empty())
            throw Reject{"missing \"kind\" (llm.request, auth, tool.call, ...)"};
        e.kind = std::move(*kind);
        e.source = optString(doc, "source").value_or(std::string(defaultSource));
        e.externalId = optString(doc, "id");
        e.account = optString(doc, "account");
        e.session = optString(doc, "session");
        e.sourceIp = optString(doc, "source_ip");
        e.userAgent = optString(doc, "user_agent");
        e.model = optString(doc, "model");
        e.modelVersion = optString(doc, "model_version");
        e.provider = optString(doc, "provider");
        e.prompt = optString(doc, "prompt");
        e.output = optString(doc, "output");
        e.inputTokens = optCount(doc, "input_tokens");
        e.outputTokens = optCount(doc, "output_tokens");

        json attributes = json::object();
        if (auto it = doc.find("attributes"); it != doc.end() && !it->is_null()) {
            if (!it->is_object())
                throw Reject{"\"attributes\" must be an object, not " + typeName(*it)};
            attributes = std::move(*it);
        }
        if (auto it = doc.find("flags"); it != doc.end() && !it->is_null()) {
            if (!it->is_array())
                throw Reject{"\"flags\" must be an array of flag names"};
            json unknown = json::array();
            for (const json &f : *it) {
                if (!f.is_string())
                    throw Reject{"\"flags\" must hold strings, not " + typeName(f)};
                if (auto flag = flagFromName(f.get_ref<const std::string &>()))
                    e.flags |= *flag;
                else
                    unknown.push_back(f);
            }
            if (!unknown.empty())
                attributes["cordon.unknown_flags"] = std::move(unknown);
        }
        // Unmapped top-level fields are kept, not dropped.
        for (auto it = doc.begin(); it != doc.end(); ++it) {
            bool mapped = false;
            for (const char *k : kMappedKeys)
                mapped = mapped || it.key() == k;
            if (!mapped)
                attributes[it.key()] = std::move(it.value());
        }
        if (!parsed.duplicateKeys.empty()) {
            e.flags |= DuplicateKeys;
            attributes["cordon.duplicate_keys"] = parsed.duplicateKeys;
        }
        if (!attributes.empty())
            e.attributes = attributes.dump(-1, ' ', false, json::error_handler_t::replace);
    } catch (const Reject &r) {
        return Error{ErrorCode::Invalid, r.reason};
    }
    e.payload.assign(record);
    e.payloadSha256 = Sha256::of(record);
    return e;
}

} // namespace cordon::core
