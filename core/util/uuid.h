#pragma once

#include <string>
#include <string_view>

namespace cordon::core {

/// A random (version 4) UUID in its 36-character text form.
std::string randomUuid();

/// A name-based (version 5, SHA-1) UUID: the same namespace and name always give the same
/// UUID, so an object exported twice keeps its identity.
std::string nameUuid(std::string_view namespaceUuid, std::string_view name);

} // namespace cordon::core
