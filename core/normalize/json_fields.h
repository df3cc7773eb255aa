#pragma once

#include "core/domain/event.h"
#include "core/normalize/normalized.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

/// Small helpers the format normalisers share: field lookup that understands both nested
/// and dotted keys (ECS and OpenTelemetry use both), lenient scalar conversion and time
/// parsing, and the rejection a normaliser throws for a record it cannot use.
namespace cordon::core::normalize {

using json = nlohmann::json;

/// Thrown by a normaliser for a record that is JSON but not usable; the text is the
/// dead-letter reason.
struct Reject {
    std::string reason;
};

/// The value at a dotted path ("user.id"), found through nested objects, flattened dotted
/// keys ("user.id": ...) or any mix of the two; nullptr when absent or null.
const json *find(const json &object, std::string_view path);

/// A string, or a number written as text; nullopt for absent, null, empty or structured values.
std::optional<std::string> text(const json *value);
inline std::optional<std::string> text(const json &object, std::string_view path)
{
    return text(find(object, path));
}

/// The first of several paths that holds text (alternative names for one field).
std::optional<std::string> firstText(const json &object, std::initializer_list<std::string_view> paths);

/// An integer, or an integer written as a string (OTLP encodes 64-bit ints as strings).
std::optional<std::int64_t> integer(const json *value);
inline std::optional<std::int64_t> integer(const json &object, std::string_view path)
{
    return integer(find(object, path));
}

/// The first of several paths that holds an integer.
std::optional<std::int64_t> firstInteger(const json &object, std::initializer_list<std::string_view> paths);

/// A time as RFC 3339, "YYYY-MM-DD HH:MM:SS[.ffffff]" (taken as UTC), or an epoch number
/// or numeric string in s, ms, µs or ns by magnitude.
std::optional<TimeUs> time(const json *value);
inline std::optional<TimeUs> time(const json &object, std::string_view path)
{
    return time(find(object, path));
}

/// Compact JSON text; invalid UTF-8 is replaced rather than thrown on.
std::string compact(const json &value);

/// A new event of the given kind with the context's source and record time.
Event makeEvent(const RecordContext &context, std::string kind, TimeUs eventTime);

/// A record that became exactly one event.
inline Normalized single(Event event)
{
    Normalized n;
    n.events.push_back(std::move(event));
    return n;
}

/// Stores the record the event came from, with its SHA-256.
void setPayload(Event &event, std::string_view payload);

/// Stores what was not mapped as the event's attributes (nothing when empty).
void setAttributes(Event &event, const json &attributes);

/// Removes the dotted path from a copy-in-progress of the record (nested or flattened).
void erase(json &object, std::string_view path);

} // namespace cordon::core::normalize
