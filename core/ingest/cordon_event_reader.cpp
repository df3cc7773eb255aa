#include "core/ingest/cordon_event_reader.h"

#include "core/domain/event_flags.h"
#include "core/util/json_dom_builder.h"
#include "core/util/time_format.h"

#include <array>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace cordon::core {
namespace {

using json = nlohmann::json;

enum class Field {
    Time, Timestamp, Kind, Source, Id, Account, Session, SourceIp, UserAgent, Model, ModelVersion, Provider,
    Prompt, Output, InputTokens, OutputTokens, Flags, Attributes,
    Marker,     ///< a field that makes the record another format (or an Elasticsearch hit)
    Unmapped,   ///< kept in attributes
};

constexpr std::array<std::pair<std::string_view, Field>, 29> kFields = {{
    {"time", Field::Time}, {"@timestamp", Field::Timestamp}, {"kind", Field::Kind}, {"source", Field::Source},
    {"id", Field::Id}, {"account", Field::Account}, {"session", Field::Session}, {"source_ip", Field::SourceIp},
    {"user_agent", Field::UserAgent}, {"model", Field::Model}, {"model_version", Field::ModelVersion},
    {"provider", Field::Provider}, {"prompt", Field::Prompt}, {"output", Field::Output},
    {"input_tokens", Field::InputTokens}, {"output_tokens", Field::OutputTokens}, {"flags", Field::Flags},
    {"attributes", Field::Attributes},
    // The marker fields detectJsonFormat looks for before it calls a record Cordon's.
    {"objects", Field::Marker}, {"spec_version", Field::Marker}, {"Event", Field::Marker},
    {"Attribute", Field::Marker}, {"Object", Field::Marker}, {"response", Field::Marker},
    {"resourceSpans", Field::Marker}, {"observations", Field::Marker}, {"alerts", Field::Marker},
    {"class_uid", Field::Marker}, {"call_type", Field::Marker},
}};

Field fieldOf(std::string_view key)
{
    for (const auto &[name, field] : kFields) {
        if (name == key)
            return field;
    }
    // An Elasticsearch hit is read through its _source by the general path.
    return key == "_source" ? Field::Marker : Field::Unmapped;
}

constexpr auto kInt64Max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

/// SAX handler for one record. Every method returns false to give up on the fast path.
class Reader {
public:
    Reader(Event &event, const JsonLimits &limits)
        : m_event(event), m_nestedLimits{limits.maxDepth > 0 ? limits.maxDepth - 1 : 0}
    {
    }

    bool null()
    {
        if (m_nested)
            return m_nested->null();
        switch (m_field) {
        case Field::Time: case Field::Timestamp: case Field::Kind:
            return false;
        case Field::Unmapped:
            m_unmapped.back().second = nullptr;
            return true;
        default:
            return m_depth == 1 && !m_inFlags;   // a null field is an absent one
        }
    }
    bool boolean(bool v)
    {
        if (m_nested)
            return m_nested->boolean(v);
        if (m_field != Field::Unmapped || m_inFlags)
            return false;
        m_unmapped.back().second = v;
        return true;
    }
    bool number_integer(json::number_integer_t v)
    {
        if (m_nested)
            return m_nested->number_integer(v);
        return integer(v, false);
    }
    bool number_unsigned(json::number_unsigned_t v)
    {
        if (m_nested)
            return m_nested->number_unsigned(v);
        if (v > kInt64Max) {
            // Past SQLite's integers: kept as its digits, in attributes or as an id.
            if (m_inFlags)
                return false;
            if (m_field == Field::Unmapped)
                return m_unmapped.back().second = std::to_string(v), true;
            if (m_field == Field::Source)
                return m_event.source = std::to_string(v), m_hasSource = true;
            if (auto *text = textField())
                return *text = std::to_string(v), true;
            return false;
        }
        return integer(static_cast<std::int64_t>(v), true);
    }
    bool number_float(json::number_float_t v, const std::string &raw)
    {
        if (m_nested)
            return m_nested->number_float(v, raw);
        if (m_inFlags)
            return false;
        if (m_field == Field::Unmapped) {
            // An integer literal past 64 bits keeps its digits, as parseJson keeps it.
            const bool literal = raw.find_first_of(".eE") == std::string::npos;
            m_unmapped.back().second = literal ? json(raw) : json(v);
            return true;
        }
        const bool time = m_field == Field::Time || m_field == Field::Timestamp;
        return time && raw.find_first_of(".eE") != std::string::npos && setTime(epochToUs(v));
    }
    bool string(std::string &v)
    {
        if (m_nested)
            return m_nested->string(v);
        if (m_inFlags) {
            if (auto flag = flagFromName(v))
                m_event.flags |= *flag;
            else
                m_unknownFlags.push_back(v);
            return true;
        }
        switch (m_field) {
        case Field::Time: case Field::Timestamp: return setTime(parseRfc3339(v));
        case Field::Kind:
            if (v.empty())
                return false;
            m_event.kind = v;
            m_hasKind = true;
            return true;
        case Field::Source: m_event.source = v; m_hasSource = true; return true;
        case Field::Unmapped: m_unmapped.back().second = v; return true;
        default:
            // Copied rather than moved: the lexer keeps its buffer's capacity for the next string.
            if (auto *text = textField())
                return *text = v, true;
            return false;
        }
    }
    bool binary(json::binary_t &) { return false; }

    bool start_object(std::size_t n)
    {
        if (m_nested)
            return m_nested->start_object(n);
        if (m_depth == 0)
            return m_depth = 1, true;
        if (m_inFlags)
            return false;
        if (m_field == Field::Attributes)
            return startNested(m_attributes).start_object(n);
        if (m_field == Field::Unmapped)
            return startNested(m_unmapped.back().second).start_object(n);
        return false;
    }
    bool end_object()
    {
        if (m_nested)
            return closeNested(m_nested->end_object());
        m_depth = 2;
        return true;
    }
    bool start_array(std::size_t n)
    {
        if (m_nested)
            return m_nested->start_array(n);
        if (m_depth != 1 || m_inFlags)
            return false;   // an array of records, or a flag that is not a name
        if (m_field == Field::Flags)
            return m_inFlags = true, true;
        if (m_field == Field::Unmapped)
            return startNested(m_unmapped.back().second).start_array(n);
        return false;
    }
    bool end_array()
    {
        if (m_nested)
            return closeNested(m_nested->end_array());
        m_inFlags = false;
        return true;
    }
    bool key(std::string &k)
    {
        if (m_nested)
            return m_nested->key(k);
        m_field = fieldOf(k);
        if (m_field == Field::Marker)
            return false;
        if (m_field == Field::Unmapped) {
            for (const auto &[name, value] : m_unmapped) {
                if (name == k)
                    return false;   // duplicate key
            }
            m_unmapped.emplace_back(k, json());
            return true;
        }
        const auto bit = std::uint32_t{1} << static_cast<int>(m_field);
        if (m_seen & bit)
            return false;           // duplicate key
        m_seen |= bit;
        return true;
    }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) { return false; }

    /// Completes the event once the whole record has been read; false when it is not one.
    bool finish()
    {
        const bool sawTime = m_seen & (std::uint32_t{1} << static_cast<int>(Field::Time));
        const std::optional<TimeUs> time = sawTime ? m_time : m_timestamp;
        if (m_depth != 2 || !m_hasKind || !time || !m_duplicates.empty())
            return false;
        m_event.eventTime = *time;
        if (!m_attributes.is_object())
            m_attributes = json::object();
        if (!m_unknownFlags.empty())
            m_attributes["cordon.unknown_flags"] = m_unknownFlags;
        for (auto &[name, value] : m_unmapped)
            m_attributes[name] = std::move(value);
        if (!m_attributes.empty())
            m_event.attributes = m_attributes.dump(-1, ' ', false, json::error_handler_t::replace);
        return true;
    }
    bool hasSource() const { return m_hasSource; }

private:
    bool integer(std::int64_t v, bool nonNegative)
    {
        if (m_inFlags)
            return false;
        switch (m_field) {
        case Field::Time: case Field::Timestamp: return setTime(epochToUs(static_cast<double>(v)));
        case Field::InputTokens: case Field::OutputTokens:
            if (!nonNegative && v < 0)
                return false;
            (m_field == Field::InputTokens ? m_event.inputTokens : m_event.outputTokens) = v;
            return true;
        case Field::Unmapped: m_unmapped.back().second = v; return true;
        case Field::Kind: return false;
        case Field::Source: m_event.source = std::to_string(v); m_hasSource = true; return true;
        default:
            if (auto *text = textField())
                return *text = std::to_string(v), true;
            return false;
        }
    }

    bool setTime(std::optional<TimeUs> t)
    {
        if (!t)
            return false;
        (m_field == Field::Time ? m_time : m_timestamp) = t;
        return true;
    }

    std::optional<std::string> *textField()
    {
        switch (m_field) {
        case Field::Id: return &m_event.externalId;
        case Field::Account: return &m_event.account;
        case Field::Session: return &m_event.session;
        case Field::SourceIp: return &m_event.sourceIp;
        case Field::UserAgent: return &m_event.userAgent;
        case Field::Model: return &m_event.model;
        case Field::ModelVersion: return &m_event.modelVersion;
        case Field::Provider: return &m_event.provider;
        case Field::Prompt: return &m_event.prompt;
        case Field::Output: return &m_event.output;
        default: return nullptr;
        }
    }

    JsonDomBuilder &startNested(json &target) { return m_nested.emplace(target, m_nestedLimits, m_duplicates); }
    bool closeNested(bool ok)
    {
        if (m_nested->done())
            m_nested.reset();
        return ok;
    }

    Event &m_event;
    JsonLimits m_nestedLimits;   // the record's own object is one level already
    int m_depth = 0;             // 0 before the record's object, 1 inside it, 2 after it
    Field m_field = Field::Marker;   // no field before the first key: any value there gives up
    std::uint32_t m_seen = 0;    // mapped fields met so far, to notice duplicates
    bool m_hasKind = false, m_hasSource = false, m_inFlags = false;
    std::optional<TimeUs> m_time, m_timestamp;
    json m_attributes;
    std::vector<std::pair<std::string, json>> m_unmapped;
    std::vector<std::string> m_unknownFlags, m_duplicates;
    std::optional<JsonDomBuilder> m_nested;
};

} // namespace

std::optional<Event> readCordonEvent(std::string_view record, std::string_view defaultSource, TimeUs recordTime,
                                     const JsonLimits &limits)
{
    Event e;
    Reader reader(e, limits);
    if (!json::sax_parse(record.begin(), record.end(), &reader) || !reader.finish())
        return std::nullopt;
    if (!reader.hasSource())
        e.source.assign(defaultSource);
    e.recordTime = recordTime;
    e.payload.assign(record);
    e.payloadSha256 = Sha256::of(record);
    return e;
}

} // namespace cordon::core
