#pragma once

#include "core/util/expected.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace cordon::core {
class CaseFile;
struct DetectionConfig;
} // namespace cordon::core

namespace cordon::cli {

/// Runs the detection rules over events not yet evaluated and prints what it did.
int runDetectionPass(core::CaseFile &file, const core::DetectionConfig &config, bool quiet);

int runNew(const std::vector<std::string> &args);
int runInfo(const std::vector<std::string> &args);
int runVerify(const std::vector<std::string> &args);
int runImport(const std::vector<std::string> &args);
int runSimulate(const std::vector<std::string> &args);
int runDetect(const std::vector<std::string> &args);
int runAlerts(const std::vector<std::string> &args);
int runAlert(const std::vector<std::string> &args);
int runProtect(const std::vector<std::string> &args);
int runRules(const std::vector<std::string> &args);
int runListen(const std::vector<std::string> &args);
int runFeeds(const std::vector<std::string> &args);
int runAnalyze(const std::vector<std::string> &args);
int runIocs(const std::vector<std::string> &args);
int runSession(const std::vector<std::string> &args);
int runExamples(const std::vector<std::string> &args);
int runPlaybooks(const std::vector<std::string> &args);
int runPropose(const std::vector<std::string> &args);
int runActions(const std::vector<std::string> &args);
int runAction(const std::vector<std::string> &args);
int runTasks(const std::vector<std::string> &args);
int runChannels(const std::vector<std::string> &args);
int runNotify(const std::vector<std::string> &args);
int runComms(const std::vector<std::string> &args);
int runStatement(const std::vector<std::string> &args);
int runClocks(const std::vector<std::string> &args);
int runClock(const std::vector<std::string> &args);
int runArtefacts(const std::vector<std::string> &args);
int runRoster(const std::vector<std::string> &args);
int runPolicy(const std::vector<std::string> &args);
int runConnectors(const std::vector<std::string> &args);
int runMilestone(const std::vector<std::string> &args);
int runPhase(const std::vector<std::string> &args);

/// Opens a case for writing on behalf of `tool` ("cordon-cli import"); a case that opened
/// read-only (newer version, read-only file) is an error that says why.
core::Expected<std::unique_ptr<core::CaseFile>> openForWriting(const std::string &path, const std::string &tool);

/// Reads a JSON file a user names (rules, settings) with the guarded parser; `what` names
/// it in errors ("the rules file").
core::Expected<nlohmann::json> readJsonFile(const std::string &path, const std::string &what);

/// Prints "cordon-cli: <message>" and returns the exit code that fits the error.
int reportError(const core::Error &error);
int usageError(const std::string &message);

} // namespace cordon::cli
