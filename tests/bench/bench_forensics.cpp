// cordon-bench forensics: accuracy of campaign detection and suffix clustering against the
// simulator's ground truth, clustering and analysis speed (100k prompts, a 1M-event case,
// an incremental 1,000-event batch), and clustering of labelled public prompts from
// ../shared/data (jailbreak communities, CyberSecEval injection variants) when present.
#include "bench_support.h"
#include "forensics_accuracy.h"

#include "core/forensics/forensic_analyzer.h"
#include "core/forensics/near_duplicates.h"
#include "core/ingest/importer.h"
#include "core/sim/simulator.h"
#include "core/store/case_file.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cordon::bench {
namespace {

using core::forensics::ForensicAnalyzer;
using core::forensics::ForensicSettings;

void removeCase(const std::string &path)
{
    for (const auto &p : {path, path + "-wal", path + "-shm", path + ".lock"})
        std::filesystem::remove(p);
}

std::unique_ptr<core::CaseFile> caseFrom(const std::string &casePath, const std::vector<std::string> &inputs)
{
    removeCase(casePath);
    core::NewCase spec;
    spec.title = "forensics benchmark";
    auto file = core::CaseFile::create(casePath, spec, core::SystemClock::instance(), "cordon-bench");
    if (!file) {
        std::fprintf(stderr, "cordon-bench: %s\n", file.error().message.c_str());
        return nullptr;
    }
    auto summary = core::Importer(**file, core::SystemClock::instance()).run(inputs);
    if (!summary) {
        std::fprintf(stderr, "cordon-bench: %s\n", summary.error().message.c_str());
        return nullptr;
    }
    return std::move(*file);
}

void accuracy(const std::string &dir)
{
    std::printf("accuracy on the simulator's ground truth (200k events each; targets: campaign precision >= 0.95,\n"
                "recall >= 0.90 at account level; suffix-family pairwise F1 >= 0.90):\n");
    std::printf("  %-20s %4s %9s %7s %9s %8s %6s %6s %8s\n", "scenario", "seed", "campaign", "P", "R", "suffix P",
                "R", "F1", "ARI");
    for (const char *scenario : {"jailbreak-campaign", "mixed"}) {
        for (std::uint64_t seed : {1, 2, 3}) {
            const std::string input = dir + "/forensics-accuracy.jsonl";
            nlohmann::json truth;
            writeSimulatedEvents(input, 200'000, seed, scenario, &truth);
            auto file = caseFrom(dir + "/forensics-accuracy.cordon", {input});
            std::filesystem::remove(input);
            if (!file)
                return;
            ForensicAnalyzer(ForensicSettings{}, core::SystemClock::instance()).run(file->db(), "cordon-bench");
            const test::CampaignScores s = test::scoreCampaigns(file->db(), truth);
            std::printf("  %-20s %4llu %4zu/%-4zu %7.3f %9.3f %8.3f %6.3f %6.3f %8.3f\n", scenario,
                        static_cast<unsigned long long>(seed), s.predicted, s.truth, s.precision, s.recall,
                        s.suffixFamilies.precision, s.suffixFamilies.recall, s.suffixFamilies.f1, s.suffixFamilies.ari);
            file.reset();
            removeCase(dir + "/forensics-accuracy.cordon");
        }
    }
}

void clusteringSpeed()
{
    core::sim::SimulationConfig config;
    config.scenario = *core::sim::scenarioByName("mixed");
    config.events = 100'000;
    config.incidentScale = 3;
    std::vector<std::string> prompts;
    core::sim::Simulator(config).run([&](const core::sim::SimEvent &e, std::string_view) {
        if (!e.prompt.empty())
            prompts.push_back(e.prompt);
    });
    std::size_t bytes = 0;
    for (const auto &p : prompts)
        bytes += p.size();
    const ForensicSettings settings;
    for (const auto &[what, options] : {std::pair{"prompt family settings", settings.families},
                                        std::pair{"suffix cluster settings", settings.suffixClusters}}) {
        core::forensics::NearDuplicateIndex index(options);
        Stopwatch watch;
        for (const auto &p : prompts)
            index.add(p);
        std::printf("cluster %zu prompts (%.1f MB, simulated), %s, LSH %d bands x %d rows: %.2f s, %zu clusters "
                    "(target < 3 s)\n", prompts.size(), static_cast<double>(bytes) / 1e6, what, index.bands(),
                    index.rowsPerBand(), watch.seconds(), index.clusters().size());
    }
}

void analyzeLargeCase(std::int64_t events, const std::string &dir)
{
    const std::string input = dir + "/forensics-large.jsonl";
    const std::string casePath = dir + "/forensics-large.cordon";
    // Scaled incidents so about a tenth of the events are attack prompts.
    writeSimulatedEvents(input, events, 42, "mixed", nullptr, 3.3);
    auto file = caseFrom(casePath, {input});
    std::filesystem::remove(input);
    if (!file)
        return;
    ForensicAnalyzer analyzer(ForensicSettings{}, core::SystemClock::instance());
    const auto full = analyzer.run(file->db(), "cordon-bench");
    std::printf("analyze %lld events, %lld of them attack prompts (%lld suffixes): %.2f s; %lld suffix clusters, "
                "%lld families, %lld profiles, %lld campaigns (%lld accounts); peak RSS %.0f MB (target < 15 s)\n",
                static_cast<long long>(full.events), static_cast<long long>(full.attackEvents),
                static_cast<long long>(full.suffixes), full.seconds, static_cast<long long>(full.suffixClusters),
                static_cast<long long>(full.families), static_cast<long long>(full.profiles),
                static_cast<long long>(full.campaigns), static_cast<long long>(full.campaignAccounts), peakRssMb());

    // Incremental: 1,000 more events (same attack share), analysed by the analyzer that
    // stays alive while feeds run, then by a fresh one that must read the clusters back.
    for (int round = 0; round < 3; ++round) {
        const std::string batch = dir + "/forensics-batch.jsonl";
        writeSimulatedEvents(batch, 1'000, 100 + static_cast<std::uint64_t>(round), "jailbreak-campaign", nullptr, 3.3);
        auto imported = core::Importer(*file, core::SystemClock::instance()).run({batch});
        std::filesystem::remove(batch);
        if (!imported)
            return;
        const auto inc = analyzer.run(file->db(), "cordon-bench");
        std::printf("incremental batch %d: %lld events, %lld attack prompts: %.1f ms (target < 50 ms)\n", round + 1,
                    static_cast<long long>(inc.events), static_cast<long long>(inc.attackEvents), inc.seconds * 1000);
    }
    Stopwatch cold;
    ForensicAnalyzer fresh(ForensicSettings{}, core::SystemClock::instance());
    const auto none = fresh.run(file->db(), "cordon-bench");
    std::printf("a fresh analyzer with nothing new (reads %lld clusters back): %.1f ms\n",
                static_cast<long long>(none.suffixClusters + none.families), cold.ms());
    file.reset();
    removeCase(casePath);
}

/// Reads a CSV with quoted multi-line fields (RFC 4180).
std::vector<std::vector<std::string>> readCsv(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quoted) {
            if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
        } else if (c != '\r') {
            field += c;
        }
    }
    if (!field.empty() || !rows.back().empty())
        rows.back().push_back(std::move(field));
    else
        rows.pop_back();
    return rows;
}

void scoreLabelled(const char *what, const std::vector<std::pair<std::string, std::string>> &labelled)
{
    std::printf("  %s: %zu prompts in %zu labelled groups\n", what, labelled.size(),
                std::set<std::string>([&] {
                    std::set<std::string> s;
                    for (const auto &[t, l] : labelled)
                        s.insert(l);
                    return s;
                }()).size());
    std::printf("    %-34s %9s %6s %6s %6s %6s\n", "clustering", "clusters", "P", "R", "F1", "ARI");
    for (const auto shingling : {core::forensics::Shingling{core::forensics::Shingling::Unit::Words, 3},
                                 core::forensics::Shingling{core::forensics::Shingling::Unit::Characters, 5}}) {
        for (double threshold : {0.2, 0.3, 0.5, 0.7}) {
            core::forensics::ClusterOptions options;
            options.threshold = threshold;
            options.shingling = shingling;
            core::forensics::NearDuplicateIndex index(options);
            std::map<std::size_t, std::string> truth;
            std::map<std::size_t, std::size_t> predicted;
            for (std::size_t i = 0; i < labelled.size(); ++i) {
                truth[i] = labelled[i].second;
                predicted[i] = index.add(labelled[i].first).cluster;
            }
            const test::PairScores s = test::pairScores(truth, predicted);
            char name[64];
            std::snprintf(name, sizeof name, "%s %d-shingles, similarity %.1f",
                          shingling.unit == core::forensics::Shingling::Unit::Words ? "word" : "char", shingling.size,
                          threshold);
            std::printf("    %-34s %9zu %6.3f %6.3f %6.3f %6.3f\n", name, index.clusters().size(), s.precision, s.recall,
                        s.f1, s.ari);
        }
    }
}

void publicPrompts()
{
    const std::string verazuo = "../shared/data/prompts/verazuo_jailbreak_prompts_2023_12_25.csv";
    const std::string cyberseceval = "../shared/data/prompts/cyberseceval/prompt_injection.json";
    if (!std::filesystem::exists(verazuo) || !std::filesystem::exists(cyberseceval)) {
        std::printf("public prompts: ../shared/data is absent (looked for %s and %s); skipped\n", verazuo.c_str(),
                    cyberseceval.c_str());
        return;
    }
    std::printf("prompt families on public labelled prompts (../shared/data; no fixed bar):\n");
    const auto rows = readCsv(verazuo);
    std::vector<std::pair<std::string, std::string>> jailbreaks;
    if (!rows.empty()) {
        const auto &header = rows[0];
        const auto column = [&](const char *name) {
            return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
        };
        const std::size_t prompt = column("prompt"), community = column("community");
        for (std::size_t r = 1; r < rows.size(); ++r) {
            if (rows[r].size() > std::max(prompt, community) && !rows[r][community].empty())
                jailbreaks.emplace_back(rows[r][prompt], rows[r][community]);
        }
    }
    scoreLabelled("in-the-wild jailbreak prompts with a community label (verazuo 2023-12-25)", jailbreaks);

    std::ifstream in(cyberseceval);
    const auto j = nlohmann::json::parse(in, nullptr, false);
    std::vector<std::pair<std::string, std::string>> injections;
    if (j.is_array()) {
        for (const auto &row : j) {
            if (row.contains("user_input") && row.contains("injection_variant"))
                injections.emplace_back(row["user_input"].get<std::string>(), row["injection_variant"].get<std::string>());
        }
    }
    scoreLabelled("CyberSecEval prompt-injection user inputs by injection_variant", injections);
}

} // namespace

int runForensics(std::int64_t events, const std::string &dir)
{
    std::filesystem::create_directories(dir);
    accuracy(dir);
    clusteringSpeed();
    analyzeLargeCase(events, dir);
    publicPrompts();
    return 0;
}

} // namespace cordon::bench
