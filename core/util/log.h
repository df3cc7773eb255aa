#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>

namespace cordon::core {

/// The logger of one subsystem ("casefile", "ingest", "audit", ...). All loggers share the
/// sinks installed with setLogSinks(); by default they write warnings and above to stderr.
std::shared_ptr<spdlog::logger> logger(const std::string &subsystem);

/// Replaces the sinks of every existing and future logger (the GUI adds its log view).
void setLogSinks(std::vector<spdlog::sink_ptr> sinks);
void setLogLevel(spdlog::level::level_enum level);

} // namespace cordon::core
