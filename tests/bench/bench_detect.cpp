// cordon-bench detect: detection accuracy against the simulator's ground truth (per-rule
// precision, per-incident recall), alerts on benign-only traffic, detection throughput,
// and the adversarial-suffix scanner on public prompts (bench_suffixes.cpp).
#include "bench_support.h"
#include "detection_accuracy.h"

#include "core/detect/detection_engine.h"
#include "core/detect/text_scanners.h"
#include "core/ingest/importer.h"
#include "core/store/case_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace cordon::bench {

void runSuffixes();
namespace {

struct Run {
    test::AccuracyReport report;
    double detectSeconds = 0;
    std::int64_t events = 0;
};

std::optional<Run> simulateImportDetect(const std::string &dir, const std::string &scenario, std::int64_t events,
                                        std::uint64_t seed)
{
    const std::string input = dir + "/detect-" + scenario + ".jsonl";
    const std::string casePath = dir + "/detect-" + scenario + ".cordon";
    for (const auto &p : {casePath, casePath + "-wal", casePath + "-shm"})
        std::filesystem::remove(p);
    nlohmann::json truth;
    writeSimulatedEvents(input, events, seed, scenario, &truth);
    core::NewCase spec;
    spec.title = "detection benchmark";
    auto file = core::CaseFile::create(casePath, spec, core::SystemClock::instance(), "cordon-bench");
    if (!file) {
        std::fprintf(stderr, "cordon-bench: %s\n", file.error().message.c_str());
        return std::nullopt;
    }
    auto summary = core::Importer(**file, core::SystemClock::instance()).run({input});
    std::filesystem::remove(input);
    if (!summary) {
        std::fprintf(stderr, "cordon-bench: %s\n", summary.error().message.c_str());
        return std::nullopt;
    }
    Run run;
    Stopwatch watch;
    const auto pass = core::DetectionEngine(core::DetectionConfig::builtIn(), core::SystemClock::instance()).run((*file)->db());
    run.detectSeconds = watch.seconds();
    run.events = pass.events;
    run.report = test::scoreAlerts((*file)->db(), truth);
    file->reset();
    for (const auto &p : {casePath, casePath + "-wal", casePath + "-shm", casePath + ".lock"})
        std::filesystem::remove(p);
    return run;
}

} // namespace

int runDetect(std::int64_t events, std::int64_t benignEvents, const std::string &dir)
{
    std::filesystem::create_directories(dir);
    std::map<std::string, test::RuleScore> rules;
    std::map<std::string, std::pair<int, int>> recall;
    double seconds = 0;
    std::int64_t evaluated = 0;
    std::printf("mixed scenario, %lld events per seed, seeds 1 2 3:\n", static_cast<long long>(events));
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        auto run = simulateImportDetect(dir, "mixed", events, seed);
        if (!run)
            return 1;
        seconds += run->detectSeconds;
        evaluated += run->events;
        for (const auto &[rule, score] : run->report.rules) {
            rules[rule].alerts += score.alerts;
            rules[rule].onIncident += score.onIncident;
        }
        for (const auto &[rule, r] : run->report.recall) {
            recall[rule].first += r.first;
            recall[rule].second += r.second;
        }
        for (const auto &inc : run->report.incidents) {
            std::string sev;
            for (const auto &s : inc.severities)
                sev += (sev.empty() ? "" : ",") + s;
            std::printf("  seed %llu  %-20s expected %-8s %-20s %s (got %s)\n", static_cast<unsigned long long>(seed),
                        inc.id.c_str(), inc.expectedSeverity.c_str(), inc.expectedRule.c_str(),
                        inc.detected ? "DETECTED" : "MISSED", sev.empty() ? "none" : sev.c_str());
        }
    }
    std::printf("\n%-24s %7s %12s %10s %14s\n", "rule", "alerts", "on incident", "precision", "recall");
    for (const auto &[rule, score] : rules) {
        std::string r = "-";
        if (auto it = recall.find(rule); it != recall.end())
            r = std::to_string(it->second.first) + "/" + std::to_string(it->second.second);
        std::printf("%-24s %7d %12d %10.2f %14s\n", rule.c_str(), score.alerts, score.onIncident, score.precision(),
                    r.c_str());
    }
    for (const auto &[rule, r] : recall) {
        if (!rules.count(rule))
            std::printf("%-24s %7d %12d %10s %14s\n", rule.c_str(), 0, 0, "-",
                        (std::to_string(r.first) + "/" + std::to_string(r.second)).c_str());
    }
    std::printf("(precision: share of the rule's alerts that link events of an embedded incident; alerts on the\n"
                " campaign's benign-looking side effects count against it. recall: incidents that got the\n"
                " expected rule at the expected severity.)\n\n");
    std::printf("detection throughput  %.0f events/s (%lld events in %.2f s, reading back from the case)\n\n",
                static_cast<double>(evaluated) / std::max(seconds, 1e-9), static_cast<long long>(evaluated), seconds);

    auto benign = simulateImportDetect(dir, "benign", benignEvents, 99);
    if (!benign)
        return 1;
    std::printf("benign-only traffic, %lld events: ", static_cast<long long>(benignEvents));
    if (benign->report.bySeverity.empty())
        std::printf("no alerts\n");
    for (const auto &[severity, n] : benign->report.bySeverity)
        std::printf("%s %d  ", severity.c_str(), n);
    std::printf("\n(target: no Critical or High)\n\n");
    runSuffixes();
    return 0;
}

} // namespace cordon::bench
