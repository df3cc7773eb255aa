#include "core/detect/english_words.h"

#include <string>
#include <unordered_set>

namespace cordon::core::scan {
namespace {

struct Dictionary {
    std::string text;
    std::unordered_set<std::string_view> words;

    Dictionary()
    {
        for (const char *const *chunk = detail::kEnglishWordChunks; *chunk; ++chunk)
            text += *chunk;
        words.reserve(detail::kEnglishWordCount);
        std::size_t begin = 0;
        while (begin < text.size()) {
            std::size_t end = text.find('\n', begin);
            if (end == std::string::npos)
                end = text.size();
            words.emplace(std::string_view(text).substr(begin, end - begin));
            begin = end + 1;
        }
    }
};

} // namespace

bool isEnglishWord(std::string_view lowercaseWord)
{
    static const Dictionary dictionary;   // built once, on first use, thread-safely
    return dictionary.words.count(lowercaseWord) > 0;
}

} // namespace cordon::core::scan
