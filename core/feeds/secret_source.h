#pragma once

#include "core/util/expected.h"

#include <string>

namespace cordon::feeds {

/// Reads a feed's secret from where its definition points: "env:NAME" (an environment
/// variable) or "file:PATH" (the file's first line). Secrets never live in the case file.
core::Expected<std::string> readSecret(const std::string &source);

} // namespace cordon::feeds
