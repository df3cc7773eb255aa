// cordon-cli import: argument handling, progress and summary; the work is in core/ingest.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/detect/rule.h"
#include "core/ingest/importer.h"
#include "core/store/case_file.h"

#include <atomic>
#include <csignal>
#include <cstdio>

namespace cordon::cli {
namespace {

std::atomic<bool> g_interrupted{false};

void onSignal(int)
{
    g_interrupted.store(true);
}

} // namespace

int runImport(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"commit-every", "bulk", "actor", "format"}, {"report-commits", "quiet", "no-detect"}}))
        return usageError(*err);
    if (args.positionals().size() < 2)
        return usageError("import takes a case file and one or more files to read");
    core::ImportOptions options;
    options.actor = args.valueOr("actor", "cordon-cli");
    long long commitEvery = static_cast<long long>(options.commitEvents);
    if (auto err = args.number("commit-every", commitEvery, 1, 10'000'000))
        return usageError(*err);
    options.commitEvents = static_cast<std::size_t>(commitEvery);
    options.chunkEvents = std::min(options.chunkEvents, options.commitEvents);
    const std::string bulk = args.valueOr("bulk", "auto");
    if (bulk == "always")
        options.bulk = core::ImportOptions::Bulk::Always;
    else if (bulk == "never")
        options.bulk = core::ImportOptions::Bulk::Never;
    else if (bulk != "auto")
        return usageError("--bulk is auto, always or never");

    if (args.has("format")) {
        const std::string name = args.valueOr("format", "");
        options.format = core::formatFromName(name);
        if (!options.format) {
            std::string known;
            for (auto f : core::allFormats())
                known += (known.empty() ? "" : ", ") + std::string(core::formatName(f));
            return usageError("--format " + name + " is not one of: " + known);
        }
    }

    const std::string path = args.positionals().front();
    const std::vector<std::string> files(args.positionals().begin() + 1, args.positionals().end());
    auto file = openForWriting(path, "cordon-cli import");
    if (!file)
        return reportError(file.error());

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    const bool quiet = args.has("quiet");
    const bool reportCommits = args.has("report-commits");

    core::Importer importer(**file, core::SystemClock::instance(), options);
    auto onProgress = [&](const core::ImportProgress &p) {
        if (quiet)
            return;
        if (p.stage == "indexing") {
            statusLine("building the full-text index…");
            return;
        }
        const double pct = p.bytesTotal ? 100.0 * static_cast<double>(p.bytesDone) / static_cast<double>(p.bytesTotal) : 0;
        const double rate = p.seconds > 0 ? static_cast<double>(p.bytesDone) / p.seconds : 0;
        char line[256];
        std::snprintf(line, sizeof line, "%s  %5.1f%%  %s of %s  %s/s  committed %s  rejected %s", p.file.c_str(), pct,
                      humanBytes(static_cast<double>(p.bytesDone)).c_str(),
                      humanBytes(static_cast<double>(p.bytesTotal)).c_str(), humanBytes(rate).c_str(),
                      humanCount(p.accepted).c_str(), humanCount(p.rejected).c_str());
        statusLine(line);
    };
    auto onCommit = [&](const core::CommittedBatch &c) {
        if (!reportCommits)
            return;
        std::printf("committed batch=%lld file=%s lines=%llu-%llu events=%lld duplicates=%lld rejected=%lld\n",
                    static_cast<long long>(c.result.batchId), c.file.c_str(),
                    static_cast<unsigned long long>(c.firstLine), static_cast<unsigned long long>(c.lastLine),
                    static_cast<long long>(c.result.accepted), static_cast<long long>(c.result.duplicates),
                    static_cast<long long>(c.result.rejected));
        std::fflush(stdout);
    };
    auto summary = importer.run(files, onProgress, onCommit, &g_interrupted);
    clearStatusLine();
    if (!summary)
        return reportError(summary.error());

    const auto &s = *summary;
    const double rate = s.seconds > 0 ? static_cast<double>(s.accepted + s.rejected + s.duplicates) / s.seconds : 0;
    std::printf("imported %s records from %lld file(s) in %.1f s (%s records/s%s)\n", humanCount(s.lines).c_str(),
                static_cast<long long>(s.files), s.seconds, humanCount(static_cast<std::int64_t>(rate)).c_str(),
                s.bulk ? ", full-text index built at the end" : "");
    std::printf("  accepted    %s\n", humanCount(s.accepted).c_str());
    std::printf("  duplicates  %s skipped (same original payload already in the case)\n", humanCount(s.duplicates).c_str());
    std::printf("  rejected    %s to dead letters\n", humanCount(s.rejected).c_str());
    for (const auto &[reason, count] : s.reasons)
        std::printf("    %8s  %s\n", humanCount(count).c_str(), reason.c_str());
    if (s.indicators || s.indicatorDuplicates)
        std::printf("  indicators  %s new, %s already in the case\n", humanCount(s.indicators).c_str(),
                    humanCount(s.indicatorDuplicates).c_str());
    if (s.ignoredObjects)
        std::printf("  ignored     %s objects that map to nothing Cordon stores\n", humanCount(s.ignoredObjects).c_str());
    std::string formats;
    for (const auto &[name, count] : s.formats)
        formats += (formats.empty() ? "" : ", ") + name + " " + humanCount(count);
    if (!formats.empty())
        std::printf("  formats     %s\n", formats.c_str());
    if (s.blankLines)
        std::printf("  blank lines %s ignored\n", humanCount(s.blankLines).c_str());
    if (s.cancelled) {
        std::printf("interrupted: everything read before the signal is committed\n");
        return kInterrupted;
    }
    if (!args.has("no-detect")) {
        auto rules = core::DetectionConfig::forCase((*file)->db());
        if (!rules)
            return reportError(rules.error());
        if (const int rc = runDetectionPass(**file, *rules, false); rc != kOk)
            return rc;
    }
    return s.rejected > 0 ? kPartial : kOk;
}

} // namespace cordon::cli
