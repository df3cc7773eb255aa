#pragma once

#include "core/util/expected.h"

#include <string>
#include <string_view>

namespace cordon::core {

/// Writes `content` to `path` so that the file is either the old one or the complete new
/// one: written beside it, flushed to disk, then renamed over it. A full disk leaves the
/// old file alone and says so.
Status writeFileAtomically(const std::string &path, std::string_view content);

} // namespace cordon::core
