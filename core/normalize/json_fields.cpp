#include "core/normalize/json_fields.h"

#include "core/util/time_format.h"

#include <charconv>

namespace cordon::core::normalize {

const json *find(const json &object, std::string_view path)
{
    if (!object.is_object() || path.empty())
        return nullptr;
    if (auto it = object.find(path); it != object.end())
        return it->is_null() ? nullptr : &*it;
    // Try every split point: "a.b.c" can be {"a": {"b.c": …}} or {"a.b": {"c": …}}.
    for (std::size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.', dot + 1)) {
        auto it = object.find(path.substr(0, dot));
        if (it == object.end())
            continue;
        if (const json *found = find(*it, path.substr(dot + 1)))
            return found;
    }
    return nullptr;
}

std::optional<std::string> text(const json *value)
{
    if (!value)
        return std::nullopt;
    if (value->is_string()) {
        const auto &s = value->get_ref<const std::string &>();
        return s.empty() ? std::nullopt : std::optional<std::string>(s);
    }
    if (value->is_number_integer())
        return std::to_string(value->get<std::int64_t>());
    if (value->is_number_unsigned())
        return std::to_string(value->get<std::uint64_t>());
    if (value->is_number_float())
        return compact(*value);
    if (value->is_boolean())
        return value->get<bool>() ? "true" : "false";
    return std::nullopt;
}

std::optional<std::string> firstText(const json &object, std::initializer_list<std::string_view> paths)
{
    for (auto p : paths) {
        if (auto v = text(object, p))
            return v;
    }
    return std::nullopt;
}

std::optional<std::int64_t> firstInteger(const json &object, std::initializer_list<std::string_view> paths)
{
    for (auto p : paths) {
        if (auto v = integer(object, p))
            return v;
    }
    return std::nullopt;
}

std::optional<std::int64_t> integer(const json *value)
{
    if (!value)
        return std::nullopt;
    if (value->is_number_integer())
        return value->get<std::int64_t>();
    if (value->is_number_float()) {
        const double d = value->get<double>();
        if (d >= -9.2e18 && d <= 9.2e18 && static_cast<double>(static_cast<std::int64_t>(d)) == d)
            return static_cast<std::int64_t>(d);
        return std::nullopt;
    }
    if (value->is_string()) {
        const auto &s = value->get_ref<const std::string &>();
        std::int64_t out = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        if (ec == std::errc() && end == s.data() + s.size())
            return out;
    }
    return std::nullopt;
}

std::optional<TimeUs> time(const json *value)
{
    if (!value)
        return std::nullopt;
    if (value->is_number())
        return epochToUs(value->get<double>());
    if (!value->is_string())
        return std::nullopt;
    const auto &s = value->get_ref<const std::string &>();
    if (auto t = parseRfc3339(s))
        return t;
    if (auto n = integer(value))
        return epochToUs(static_cast<double>(*n));
    // Python's str(datetime): "2025-01-24 09:20:46.847371", no zone, which LiteLLM logs in UTC.
    if (s.size() >= 19 && s[10] == ' ') {
        std::string iso = s;
        iso[10] = 'T';
        const bool zoned = iso.back() == 'Z' || iso.find('+', 19) != std::string::npos
            || iso.find('-', 19) != std::string::npos;
        if (!zoned)
            iso.push_back('Z');
        return parseRfc3339(iso);
    }
    return std::nullopt;
}

std::string compact(const json &value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

Event makeEvent(const RecordContext &context, std::string kind, TimeUs eventTime)
{
    Event e;
    e.kind = std::move(kind);
    e.source = context.source;
    e.recordTime = context.recordTime;
    e.eventTime = eventTime;
    return e;
}

void setPayload(Event &event, std::string_view payload)
{
    event.payload.assign(payload);
    event.payloadSha256 = Sha256::of(payload);
}

void setAttributes(Event &event, const json &attributes)
{
    if (attributes.is_object() && !attributes.empty())
        event.attributes = compact(attributes);
}

namespace {

bool eraseFound(json &object, std::string_view path)
{
    if (!object.is_object())
        return false;
    if (auto it = object.find(path); it != object.end()) {
        object.erase(it);
        return true;
    }
    for (std::size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.', dot + 1)) {
        auto it = object.find(path.substr(0, dot));
        if (it == object.end() || !eraseFound(*it, path.substr(dot + 1)))
            continue;
        if (it->is_object() && it->empty())
            object.erase(it);
        return true;
    }
    return false;
}

} // namespace

void erase(json &object, std::string_view path)
{
    eraseFound(object, path);
}

} // namespace cordon::core::normalize
