#pragma once

#include "core/util/expected.h"

#include <string>
#include <vector>

namespace cordon::cli {

int runNew(const std::vector<std::string> &args);
int runInfo(const std::vector<std::string> &args);
int runVerify(const std::vector<std::string> &args);
int runImport(const std::vector<std::string> &args);
int runSimulate(const std::vector<std::string> &args);

/// Prints "cordon-cli: <message>" and returns the exit code that fits the error.
int reportError(const core::Error &error);
int usageError(const std::string &message);

} // namespace cordon::cli
