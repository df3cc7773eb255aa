#pragma once

#include "core/sim/rng.h"

#include <string>
#include <vector>

namespace cordon::core::sim {

/// The words the simulator speaks: benign requests and answers, attack prompts, leaked
/// secrets. Everything is generated from templates here; nothing is read from disk.
namespace corpus {

std::string benignPrompt(Rng &rng);
std::string benignOutput(Rng &rng, const std::string &prompt);
std::string refusal(Rng &rng);

/// Requests an attacker wraps in a jailbreak; phrased as categories, not instructions.
std::string harmfulRequest(Rng &rng);
/// Gradient-search style suffix of `family` (0..familyCount()-1), mutated a little per use
/// the way an optimiser's trajectory drifts.
std::string adversarialSuffix(Rng &rng, int family);
int suffixFamilyCount();
std::string jailbreakCompliance(Rng &rng, const std::string &request);
std::string reconnaissancePrompt(Rng &rng);

std::string injectionPrompt(Rng &rng);
/// The deployment's confidential system prompt, which leaks in injection outputs.
const std::string &systemPrompt();
std::string leakedSystemPromptOutput(Rng &rng);

std::string piiProbePrompt(Rng &rng);
std::string piiLeakOutput(Rng &rng);
/// A payment card number that passes the Luhn check.
std::string luhnCardNumber(Rng &rng);

std::string exhaustionPrompt(Rng &rng, int approxWords);

const std::vector<std::string> &userAgents();
struct ModelInfo {
    std::string id, version, provider;
};
const std::vector<ModelInfo> &models();

} // namespace corpus
} // namespace cordon::core::sim
