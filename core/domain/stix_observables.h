#pragma once

#include <optional>
#include <string>
#include <string_view>

/// How Cordon's indicator types map to STIX 2.1 pattern comparisons
/// ("[ipv4-addr:value = '203.0.113.7']"), both ways, so an exported bundle imports back
/// to the same indicators. Types STIX has no object for (adversarial suffixes, prompt
/// patterns, hashed credentials, model versions) use custom objects prefixed x-cordon-,
/// which STIX patterning allows.
namespace cordon::core::stix {

/// The comparison `object:path = 'value'` for an indicator; nullopt for a type with no
/// sensible comparison.
std::optional<std::string> comparison(std::string_view type, std::string_view value);

/// The Cordon indicator type a comparison's object and path stand for; empty when none.
std::string typeFor(std::string_view object, std::string_view path);

/// A string literal's content as STIX patterning writes it: \ and ' escaped.
std::string escape(std::string_view value);
std::string unescape(std::string_view literal);

} // namespace cordon::core::stix
