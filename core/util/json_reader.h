#pragma once

#include "core/util/expected.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cordon::core {

/// Limits applied while a JSON document is parsed, before anything is built past them.
struct JsonLimits {
    /// Deepest nesting of arrays and objects. nlohmann 3.11.2 builds a DOM of any depth and
    /// then overflows the stack in dump()/copy for ~100k levels, so depth is capped here.
    std::size_t maxDepth = 64;
};

/// A parsed document plus what the parser noticed about it.
struct JsonDocument {
    nlohmann::json value;
    /// Object keys that appeared more than once in one object (the last value is kept).
    std::vector<std::string> duplicateKeys;
};

/// Parses JSON text with a depth cap enforced during parsing, duplicate-key detection, and
/// integers beyond the 64-bit range kept verbatim as strings instead of rounded doubles.
/// The error message names the byte offset and the problem.
Expected<JsonDocument> parseJson(std::string_view text, const JsonLimits &limits = {});

/// A JSON array Cordon stored itself (criteria, reasons, actions) as strings: string
/// elements as they are, others as their JSON text; empty when `json` is not an array.
std::vector<std::string> stringList(std::string_view json);

} // namespace cordon::core
