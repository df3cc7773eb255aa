#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

/// Scanners that look at one prompt or output. They run on every event, so they are
/// hand-written single passes rather than regular expressions.
namespace cordon::core::scan {

/// Personal data found in a text, by type.
struct PiiFindings {
    int emails = 0;
    int phones = 0;
    int paymentCards = 0;   ///< 13-19 digits passing the Luhn check
    int nationalIds = 0;    ///< US SSN shape ddd-dd-dddd, excluding impossible areas
    int total() const { return emails + phones + paymentCards + nationalIds; }
};
PiiFindings findPii(std::string_view text);

/// Secrets: API keys by their vendors' prefixes, private-key blocks, JWTs, and long
/// high-entropy tokens after a key-like name ("api_key=", "token:").
struct SecretFindings {
    int prefixedKeys = 0;
    int privateKeys = 0;
    int jwts = 0;
    int highEntropy = 0;
    int total() const { return prefixedKeys + privateKeys + jwts + highEntropy; }
};
SecretFindings findSecrets(std::string_view text);

/// Shannon entropy in bits per character.
double entropy(std::string_view text);

/// A refusal: the model declined ("I'm sorry, but I can't ...").
bool looksLikeRefusal(std::string_view output);

/// The output discloses a system prompt: it repeats the system instructions it was given
/// (eight words in a row), or reads like one ("You are X, ... Never reveal ...", "my
/// instructions are:").
bool disclosesSystemPrompt(std::string_view output, std::string_view systemInstructions);

/// The prompt asks the model to become an unrestricted persona, or the output says it did.
bool roleAdoption(std::string_view prompt, std::string_view output);

/// Lower-cased ASCII copy (other bytes unchanged), for case-insensitive matching.
std::string lower(std::string_view text);

} // namespace cordon::core::scan
