#pragma once

#include <string_view>

namespace cordon::core {

/// resources/rules/detection.json, compiled in so the CLI and the engine need no files.
std::string_view builtinDetectionJson();

} // namespace cordon::core
