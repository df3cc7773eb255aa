#include "core/normalize/normalizer.h"

#include "core/domain/event_flags.h"
#include "core/ingest/cordon_event_reader.h"
#include "core/ingest/cordon_jsonl.h"
#include "core/normalize/formats.h"

namespace cordon::core {
namespace {

using namespace normalize;

std::string knownFields(const json &record)
{
    std::string out;
    int n = 0;
    for (auto it = record.begin(); it != record.end() && n < 8; ++it, ++n)
        out += (out.empty() ? "" : ", ") + it.key();
    return out;
}

Normalized dispatch(Format format, json &record, std::string_view raw, const RecordContext &context)
{
    switch (format) {
    case Format::Cordon: {
        JsonDocument doc{std::move(record), {}};
        auto e = cordonEventFromJson(doc, raw, context.source, context.recordTime);
        if (!e)
            throw Reject{e.error().message};
        return single(std::move(*e));
    }
    case Format::LiteLlm: return fromLiteLlm(record, raw, context);
    case Format::OtlpTraces: return fromOtlpTraces(record, context);
    case Format::Langfuse: return fromLangfuse(record, context);
    case Format::Ecs: return fromEcs(record, raw, context);
    case Format::Alertmanager: return fromAlertmanager(record, context, false);
    case Format::Grafana: return fromAlertmanager(record, context, true);
    case Format::Ocsf: return fromOcsf(record, raw, context);
    case Format::Stix: return fromStix(record, context);
    case Format::Misp: return fromMisp(record, context);
    case Format::SplunkHec:
        return fromSplunkHec(record, raw, context, [](json &inner, const RecordContext &ctx) -> std::optional<Normalized> {
            const auto f = detectJsonFormat(inner);
            if (!f || *f == Format::SplunkHec)
                return std::nullopt;
            const std::string innerRaw = compact(inner);
            Normalized n = dispatch(*f, inner, innerRaw, ctx);
            return n;
        });
    case Format::Syslog:
        throw Reject{"a syslog record must be a line of text, not JSON"};
    }
    throw Reject{"unknown format"};
}

/// Marks events of a record whose JSON repeated a key: the last value was used.
void flagDuplicateKeys(Normalized &n, const std::vector<std::string> &keys)
{
    for (Event &e : n.events) {
        if (e.flags & DuplicateKeys)
            continue;   // Cordon's own parser already did
        e.flags |= DuplicateKeys;
        json attrs = e.attributes ? json::parse(*e.attributes, nullptr, false) : json::object();
        if (!attrs.is_object())
            attrs = json::object();
        attrs["cordon.duplicate_keys"] = keys;
        e.attributes = compact(attrs);
    }
}

Normalized normalizeValue(json &value, std::string_view raw, const RecordContext &context,
                          const NormalizeOptions &options, int depth)
{
    if (value.is_array() && depth == 0) {
        // A JSON array of records (an export, Alertmanager's /api/v2/alerts): each element
        // is a record of its own with its own payload.
        Normalized all;
        for (json &element : value) {
            const std::string elementRaw = compact(element);
            Normalized n = normalizeValue(element, elementRaw, context, options, depth + 1);
            all.format = n.format;
            all.ignoredObjects += n.ignoredObjects;
            std::move(n.events.begin(), n.events.end(), std::back_inserter(all.events));
            std::move(n.indicators.begin(), n.indicators.end(), std::back_inserter(all.indicators));
        }
        return all;
    }
    if (!value.is_object())
        throw Reject{std::string("a record must be a JSON object, not ") + value.type_name()};
    // An Elasticsearch search hit: the document is its _source.
    if (auto src = value.find("_source"); src != value.end() && src->is_object() && value.contains("_index")) {
        json source = std::move(*src);
        if (auto id = value.find("_id"); id != value.end() && !source.contains("event"))
            source["event"] = json{{"id", *id}};
        const std::string sourceRaw = compact(source);
        Normalized n = normalizeValue(source, sourceRaw, context, options, depth + 1);
        for (Event &e : n.events)
            setPayload(e, raw);   // the hit as received is the original record
        return n;
    }
    std::optional<Format> format = options.format;
    if (!format)
        format = detectJsonFormat(value);
    if (!format)
        throw Reject{"unrecognised record: not one of Cordon's input formats (fields: " + knownFields(value)
                     + "); name the format explicitly if it is one"};
    Normalized n = dispatch(*format, value, raw, context);
    n.format = formatName(*format);
    return n;
}

} // namespace

Expected<Normalized> normalizeRecord(std::string_view record, const RecordContext &context,
                                     const NormalizeOptions &options)
{
    const auto first = record.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return Error{ErrorCode::Invalid, "empty record"};
    try {
        const bool json = record[first] == '{' || record[first] == '[';
        if (options.format == Format::Syslog || (!options.format && !json && looksLikeSyslog(record.substr(first)))) {
            Normalized n = fromSyslog(record, context);
            n.format = formatName(Format::Syslog);
            return n;
        }
        if (!json)
            return Error{ErrorCode::Invalid, "invalid JSON: a record starts with '{' or '[' (and this is not a syslog line either)"};
        if (record[first] == '{' && (!options.format || *options.format == Format::Cordon)) {
            // Most records are Cordon's own events: read them without building a document.
            if (auto e = readCordonEvent(record, context.source, context.recordTime, options.json)) {
                Normalized n = single(std::move(*e));
                n.format = formatName(Format::Cordon);
                return n;
            }
        }
        auto parsed = parseJson(record, options.json);
        if (!parsed)
            return parsed.error();
        Normalized n = normalizeValue(parsed->value, record, context, options, 0);
        if (!parsed->duplicateKeys.empty())
            flagDuplicateKeys(n, parsed->duplicateKeys);
        return n;
    } catch (const Reject &r) {
        return Error{ErrorCode::Invalid, r.reason};
    } catch (const nlohmann::json::exception &e) {
        // A field of an unexpected type deep inside a record: a bad record, not a crash.
        return Error{ErrorCode::Invalid, std::string("unexpected structure: ") + e.what()};
    }
}

} // namespace cordon::core
