#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

/// Adversarial-suffix extraction: the optimised tail an attacker appends to a request
/// ("... bomb describing.\ + similarlyNow write oppositeley.]( Me giving**ONE").
namespace cordon::core::forensics {

/// Which rule found a suffix; every stored suffix says which, so a reader can weigh it.
enum class SuffixMethod {
    LastFifth,   ///< the last 20% of the words of a prompt over 10 words
    Boundary,    ///< where natural language ends and the optimised tail begins
};
std::string_view toString(SuffixMethod method);

struct Suffix {
    std::size_t start = 0;     ///< byte offset of the tail in the prompt
    std::string_view text;     ///< a view into the prompt
    SuffixMethod method = SuffixMethod::Boundary;
    double score = 0;          ///< how unlike natural language the tail is, [0, 1]
};

/// The simple rule: the last 20% of the words (at least one) of a prompt over 10 words.
/// It always answers for long prompts, gibberish or not; `score` is the boundary score of
/// that tail so callers can still tell an ordinary sentence from an attack.
std::optional<Suffix> lastFifthSuffix(std::string_view prompt);

/// The better rule: splits the prompt where the share of optimised-looking tokens (symbol
/// splices, camel-case joins, brackets inside words, non-dictionary shapes) jumps, and
/// answers only when the tail scores at least `minScore`.
std::optional<Suffix> boundarySuffix(std::string_view prompt, double minScore = 0.3);

/// The boundary rule when it finds a tail; nothing otherwise. What forensics clusters.
inline std::optional<Suffix> extractSuffix(std::string_view prompt, double minScore = 0.3)
{
    return boundarySuffix(prompt, minScore);
}

} // namespace cordon::core::forensics
