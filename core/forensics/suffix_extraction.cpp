#include "core/forensics/suffix_extraction.h"

#include "core/detect/suffix_scanner.h"

#include <cctype>
#include <vector>

namespace cordon::core::forensics {
namespace {

bool isSpace(char c)
{
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

/// Drops whitespace around a view.
std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

} // namespace

std::string_view toString(SuffixMethod method)
{
    return method == SuffixMethod::LastFifth ? "last_fifth" : "boundary";
}

std::optional<Suffix> lastFifthSuffix(std::string_view prompt)
{
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < prompt.size(); ++i) {
        if (!isSpace(prompt[i]) && (i == 0 || isSpace(prompt[i - 1])))
            starts.push_back(i);
    }
    if (starts.size() <= 10)
        return std::nullopt;
    const std::size_t words = (starts.size() + 4) / 5; // 20%, rounded up
    Suffix s;
    s.method = SuffixMethod::LastFifth;
    s.start = starts[starts.size() - words];
    s.text = trimmed(prompt.substr(s.start));
    // The boundary score over the whole prompt says whether this tail is gibberish at all.
    s.score = scan::adversarialSuffix(prompt).score;
    return s;
}

std::optional<Suffix> boundarySuffix(std::string_view prompt, double minScore)
{
    const scan::SuffixVerdict v = scan::adversarialSuffix(prompt);
    if (v.score < minScore || v.tailStart >= prompt.size())
        return std::nullopt;
    Suffix s;
    s.method = SuffixMethod::Boundary;
    s.start = v.tailStart;
    s.text = trimmed(prompt.substr(v.tailStart));
    s.score = v.score;
    if (s.text.empty())
        return std::nullopt;
    return s;
}

} // namespace cordon::core::forensics
