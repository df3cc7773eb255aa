#pragma once

#include "core/util/expected.h"

#include <functional>
#include <string>

namespace cordon::ui {

/// Where `cordon --demo` keeps its case: the user's data directory.
std::string demoCasePath();

/// Creates the demo case from the simulator's "mixed" scenario unless it exists already.
/// Blocking and slow-ish (seconds): call it off the UI thread. `progress` gets a sentence.
core::Expected<std::string> ensureDemoCase(const std::string &path,
                                           const std::function<void(const std::string &)> &progress = {});

} // namespace cordon::ui
