#pragma once

#include "core/detect/rule.h"

#include <optional>
#include <string>

namespace cordon::core {

/// The parts of a stored event the scanners read.
struct ScannedEvent {
    TimeUs time = 0;
    std::string_view kind;
    std::uint32_t flags = 0;
    std::optional<std::string_view> prompt, output, attributes;
};

/// Every signal of one event: its flags plus what the scanners find in its text and
/// attributes (JWTs, tool names, max_tokens, the system instructions it was given).
class ProtectedText;
SignalSet computeSignals(const ScannedEvent &event, const ScannerSettings &settings,
                         const ProtectedText *protectedText = nullptr);

} // namespace cordon::core
