#pragma once

#include "core/util/expected.h"

#include <string>

namespace cordon::core {

/// Reads a feed's or connector's secret from where its definition points: "env:NAME" (an environment
/// variable) or "file:PATH" (the file's first line). Secrets never live in the case file.
Expected<std::string> readSecret(const std::string &source);

} // namespace cordon::core
