#include "ui/demo_case.h"

#include "core/detect/detection_engine.h"
#include "core/ingest/importer.h"
#include "core/sim/simulator.h"
#include "core/store/case_file.h"

#include <QDir>
#include <QStandardPaths>

#include <filesystem>
#include <fstream>

namespace cordon::ui {

namespace {
constexpr std::int64_t kDemoEvents = 60'000;
constexpr std::uint64_t kDemoSeed = 2026;
} // namespace

std::string demoCasePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("demo.cordon")).toStdString();
}

core::Expected<std::string> ensureDemoCase(const std::string &path,
                                           const std::function<void(const std::string &)> &progress)
{
    if (std::filesystem::exists(path))
        return path;
    auto say = [&](const std::string &s) {
        if (progress)
            progress(s);
    };
    say("Simulating gateway traffic…");
    core::sim::SimulationConfig config;
    config.scenario = *core::sim::scenarioByName("mixed");
    config.events = kDemoEvents;
    config.seed = kDemoSeed;
    const std::string eventsPath = path + ".events.jsonl";
    {
        std::ofstream out(eventsPath, std::ios::binary | std::ios::trunc);
        core::sim::Simulator(config).run([&](const core::sim::SimEvent &, std::string_view line) {
            out.write(line.data(), static_cast<std::streamsize>(line.size()));
            out.put('\n');
        });
        if (!out)
            return core::Error{core::ErrorCode::Io, "cannot write " + eventsPath};
    }

    say("Creating the demo case…");
    core::NewCase spec;
    spec.title = "Demo: coordinated jailbreak campaign on the support assistant";
    spec.incidentType = "jailbreak_campaign";
    spec.severity = core::Severity::High;
    spec.exercise = true;
    const std::string partial = path + ".partial";
    std::filesystem::remove(partial);
    {
        auto file = core::CaseFile::create(partial, spec, core::SystemClock::instance(), "cordon --demo",
                                           {false, "cordon --demo"});
        if (!file)
            return file.error();
        say("Importing simulated events…");
        core::ImportOptions options;
        options.actor = "cordon --demo";
        auto summary = core::Importer(**file, core::SystemClock::instance(), options).run({eventsPath});
        if (!summary)
            return summary.error();
        say("Running detection…");
        try {
            core::DetectionEngine(core::DetectionConfig::builtIn(), core::SystemClock::instance()).run((*file)->db());
        } catch (const core::SqlError &e) {
            return core::Error{core::ErrorCode::Database, std::string("detection failed: ") + e.what()};
        }
        (*file)->db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    std::filesystem::remove(eventsPath);
    // Appear under the final name only when complete, so an interrupted run starts over.
    std::filesystem::rename(partial, path);
    return path;
}

} // namespace cordon::ui
