#pragma once

#include <cstdint>
#include <string>

namespace cordon::cli {

/// Exit codes of cordon-cli (docs/cli.md).
enum ExitCode : int {
    kOk = 0,
    kFailed = 1,          ///< I/O or database failure
    kUsage = 2,           ///< wrong words on the command line
    kPartial = 3,         ///< import finished, some records went to dead letters
    kTampered = 4,        ///< verify found a broken link
    kUnusableCase = 5,    ///< not a case file, damaged, in use, or read-only where writing was asked
    kInterrupted = 130,   ///< stopped by SIGINT/SIGTERM after committing what was read
};

bool stderrIsTerminal();
/// Rewrites one status line on a terminal (no-op elsewhere).
void statusLine(const std::string &text);
void clearStatusLine();
std::string humanBytes(double bytes);
std::string humanCount(std::int64_t n);

} // namespace cordon::cli
