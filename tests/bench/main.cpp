// cordon-bench: prints figures for the budgets in DESIGN.md. Not a test: no pass/fail.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace cordon::bench {
int runIngest(std::int64_t events, const std::string &dir, bool keep);
int runOpen(const std::string &path);
int runDetect(std::int64_t events, std::int64_t benignEvents, const std::string &dir);
int runFeeds(int seconds, const std::string &dir, bool detect, bool analyze, int onlyBatch);
int runForensics(std::int64_t events, const std::string &dir);
void runSuffixes();
int runTimeline(const std::string &path);
#ifdef CORDON_BENCH_GUI
int runGui(const std::string &path, int ingestSeconds, const std::string &dir);
#endif
} // namespace cordon::bench

namespace {

constexpr const char *kUsage = R"(usage: cordon-bench ingest [--events N] [--dir DIR] [--keep]
       cordon-bench open CASE
       cordon-bench open --events N [--dir DIR]     (builds the case first with ingest)
       cordon-bench http [--seconds N] [--dir DIR] [--no-detect] [--analyze] [--batch N]
                    live ingest through the HTTP receiver and syslog UDP (default 20 s each);
                    --analyze adds the live forensic analysis listen runs by default;
                    --batch N runs only the HTTP scenario with N events per request (profiling)
       cordon-bench detect [--events N] [--benign N] [--dir DIR]
                    detection accuracy on the simulator (3 seeds of N mixed events, default
                    200k) and on N benign events (default 1M), and the suffix scanner on
                    ../shared/data when present
       cordon-bench suffixes
                    the suffix scanner and both extraction rules on public prompts with real
                    GCG suffixes appended (../shared/data)
       cordon-bench timeline CASE
       cordon-bench timeline --events N [--dir DIR]   (builds the case first with ingest)
                    the timeline's first screen, compact index, filters and full-text search
       cordon-bench gui CASE [--seconds N]
       cordon-bench gui --events N [--dir DIR] [--seconds N]   (builds the case first with ingest)
                    the war room on the offscreen platform: cold open to the first painted
                    timeline page, filters and search, scrolling, the UI thread's longest
                    stall while feeds deliver 20k events/s for N s (default 20), peak RSS
       cordon-bench forensics [--events N] [--dir DIR]
                    campaign and suffix-cluster accuracy on the simulator, clustering speed,
                    analyze on an N-event case (default 1M) and an incremental batch, and
                    prompt families on labelled public prompts in ../shared/data when present
)";

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    long long events = 1'000'000;
    long long benign = 1'000'000;
    long long seconds = 20;
    bool eventsGiven = false;
    std::string dir = "/tmp/cordon-bench";
    std::string casePath;
    bool keep = false;
    bool noDetect = false;
    bool analyze = false;
    int onlyBatch = 0;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--events" && i + 1 < args.size()) {
            events = std::atoll(args[++i].c_str());
            eventsGiven = true;
        } else if (args[i] == "--seconds" && i + 1 < args.size())
            seconds = std::atoll(args[++i].c_str());
        else if (args[i] == "--benign" && i + 1 < args.size())
            benign = std::atoll(args[++i].c_str());
        else if (args[i] == "--dir" && i + 1 < args.size())
            dir = args[++i];
        else if (args[i] == "--keep")
            keep = true;
        else if (args[i] == "--no-detect")
            noDetect = true;
        else if (args[i] == "--analyze")
            analyze = true;
        else if (args[i] == "--batch" && i + 1 < args.size())
            onlyBatch = std::atoi(args[++i].c_str());
        else if (!args[i].starts_with("--"))
            casePath = args[i];
        else {
            std::fputs(kUsage, stderr);
            return 2;
        }
    }
    if (args[0] == "http")
        return cordon::bench::runFeeds(static_cast<int>(seconds), dir, !noDetect, analyze, onlyBatch);
    if (args[0] == "detect")
        return cordon::bench::runDetect(eventsGiven ? events : 200'000, benign, dir);
    if (args[0] == "suffixes") {
        cordon::bench::runSuffixes();
        return 0;
    }
    if (args[0] == "forensics")
        return cordon::bench::runForensics(events, dir);
    if (args[0] == "ingest")
        return cordon::bench::runIngest(events, dir, keep);
    if (args[0] == "timeline" || args[0] == "open" || args[0] == "gui") {
        // Without a case named, build one with the ingest benchmark and keep it.
        if (casePath.empty()) {
            if (int rc = cordon::bench::runIngest(events, dir, true))
                return rc;
            casePath = dir + "/bench.cordon";
        }
        if (args[0] == "gui") {
#ifdef CORDON_BENCH_GUI
            return cordon::bench::runGui(casePath, static_cast<int>(seconds), dir);
#else
            std::fputs("cordon-bench: built without the GUI (-DCORDON_BUILD_UI=OFF)\n", stderr);
            return 2;
#endif
        }
        return args[0] == "timeline" ? cordon::bench::runTimeline(casePath) : cordon::bench::runOpen(casePath);
    }
    std::fputs(kUsage, stderr);
    return 2;
}
