#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordon::core::forensics {

/// An input that fooled (or tried to fool) a model, kept so it can be tested against the
/// next model version and fed to adversarial training.
struct AdversarialExample {
    std::int64_t id = 0;
    std::string input;
    std::string attackType;                 ///< jailbreak, prompt_injection, adversarial_suffix, evasion, ...
    std::string target;                     ///< the model or system attacked (a model version when known)
    std::optional<std::string> prediction;  ///< what the model answered or decided
    std::optional<std::string> groundTruth; ///< what it should have: the correct label
    std::optional<std::string> perturbation;///< suffix, paraphrase, encoding, role_play, ...
    std::optional<std::string> discovery;   ///< incident, red_team, fuzzing, ...
    std::string severity = "Medium";        ///< Critical, High, Medium, Low
    std::optional<std::int64_t> event;      ///< the event it was taken from
    /// Model version → {"fooled": bool, "at": RFC 3339}: where it was tried since.
    nlohmann::json transfers = nlohmann::json::object();
    TimeUs createdAt = 0;

    nlohmann::json toJson() const;
};

/// Stores a new example, audited (adversarial_example.record). Refuses an empty input, a
/// missing attack type or target, and an unknown severity, saying which.
Expected<std::int64_t> recordExample(Database &db, const Clock &clock, const std::string &actor,
                                     AdversarialExample example);

/// An example from a stored event: its prompt as input, its output as the prediction, its
/// model version (or model) as the target, the attack type from what detection sees in it.
Expected<AdversarialExample> exampleFromEvent(Database &db, std::int64_t eventId);

std::vector<AdversarialExample> listExamples(Database &db);
std::optional<AdversarialExample> readExample(Database &db, std::int64_t id);

/// The `k` stored examples most similar to `input` (character 5-shingle Jaccard, estimated
/// with MinHash), most similar first, with the similarity.
std::vector<std::pair<AdversarialExample, double>> similarExamples(Database &db, std::string_view input, int k);

/// Records whether the example fooled `modelVersion` when tried against it, audited
/// (adversarial_example.trial).
Status recordTrial(Database &db, const Clock &clock, const std::string &actor, std::int64_t id,
                   const std::string &modelVersion, bool fooled);

/// Whether an example fools models other than the one it was found against.
struct Transfer {
    int tried = 0, fooled = 0;
    bool transfers() const { return fooled > 0; }
};
Transfer transferOf(const AdversarialExample &example);

/// JSON lines for adversarial training: {"input", "label", "attack_type"} per example with
/// a ground truth (an example without one cannot teach the right answer and is skipped).
std::string trainingJsonl(Database &db, std::int64_t *skipped = nullptr);

} // namespace cordon::core::forensics
