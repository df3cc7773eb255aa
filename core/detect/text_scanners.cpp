#include "core/detect/text_scanners.h"

#include <array>
#include <cmath>

namespace cordon::core::scan {
namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isAlnum(char c)
{
    return isDigit(c) || isAlpha(c);
}

bool isEmailLocal(char c)
{
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool isDomainChar(char c)
{
    return isAlnum(c) || c == '.' || c == '-';
}

bool luhn(std::string_view digits)
{
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

bool contains(std::string_view haystack, std::string_view needle)
{
    return haystack.find(needle) != std::string_view::npos;
}

/// Digits of a run that may contain single spaces or dashes between digit groups.
std::string digitRun(std::string_view text, std::size_t &i)
{
    std::string digits;
    while (i < text.size()) {
        if (isDigit(text[i])) {
            digits.push_back(text[i]);
            ++i;
        } else if ((text[i] == ' ' || text[i] == '-') && i + 1 < text.size() && isDigit(text[i + 1]) && !digits.empty()) {
            ++i;
        } else {
            break;
        }
    }
    return digits;
}

bool isSsn(std::string_view t, std::size_t i)
{
    // ddd-dd-dddd with word boundaries; area 000, 666 and 9xx do not exist.
    if (i + 11 > t.size() || (i > 0 && isAlnum(t[i - 1])) || (i + 11 < t.size() && isAlnum(t[i + 11])))
        return false;
    for (std::size_t k : {0u, 1u, 2u, 4u, 5u, 7u, 8u, 9u, 10u}) {
        if (!isDigit(t[i + k]))
            return false;
    }
    if (t[i + 3] != '-' || t[i + 6] != '-')
        return false;
    const std::string_view area = t.substr(i, 3);
    return area != "000" && area != "666" && t[i] != '9' && t.substr(i + 4, 2) != "00" && t.substr(i + 7, 4) != "0000";
}

} // namespace

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

PiiFindings findPii(std::string_view t)
{
    PiiFindings f;
    // Emails: around each '@', a local part and a dotted domain.
    for (std::size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
        std::size_t l = at;
        while (l > 0 && isEmailLocal(t[l - 1]))
            --l;
        std::size_t r = at + 1;
        while (r < t.size() && isDomainChar(t[r]))
            ++r;
        const std::string_view domain = t.substr(at + 1, r - at - 1);
        const auto dot = domain.rfind('.');
        if (l < at && dot != std::string_view::npos && dot > 0 && domain.size() - dot - 1 >= 2
            && isAlpha(domain.back()))
            ++f.emails;
    }
    for (std::size_t i = 0; i < t.size();) {
        if (!isDigit(t[i]) && t[i] != '+') {
            ++i;
            continue;
        }
        if (i > 0 && isAlnum(t[i - 1])) {
            ++i;
            continue;
        }
        if (isSsn(t, i)) {
            ++f.nationalIds;
            i += 11;
            continue;
        }
        const bool plus = t[i] == '+';
        std::size_t j = plus ? i + 1 : i;
        const std::size_t start = j;
        const std::string digits = digitRun(t, j);
        const bool grouped = j - start > digits.size();
        if (digits.size() >= 13 && digits.size() <= 19 && !plus && luhn(digits))
            ++f.paymentCards;
        else if (digits.size() >= 10 && digits.size() <= 15 && (plus || grouped))
            ++f.phones;
        i = std::max(j, i + 1);
    }
    return f;
}

double entropy(std::string_view text)
{
    if (text.empty())
        return 0;
    std::array<int, 256> counts{};
    for (unsigned char c : text)
        ++counts[c];
    double h = 0;
    for (int n : counts) {
        if (n) {
            const double p = static_cast<double>(n) / static_cast<double>(text.size());
            h -= p * std::log2(p);
        }
    }
    return h;
}

SecretFindings findSecrets(std::string_view t)
{
    SecretFindings f;
    static constexpr std::array<std::string_view, 12> kPrefixes = {
        "sk-proj-", "sk-ant-", "sk_live_", "rk_live_", "AKIA", "ASIA", "ghp_", "github_pat_", "xoxb-", "xoxp-",
        "AIza", "glpat-"};
    for (auto prefix : kPrefixes) {
        for (std::size_t p = t.find(prefix); p != std::string_view::npos; p = t.find(prefix, p + 1)) {
            if (p > 0 && isAlnum(t[p - 1]))
                continue;
            std::size_t e = p + prefix.size();
            while (e < t.size() && (isAlnum(t[e]) || t[e] == '_' || t[e] == '-'))
                ++e;
            if (e - p - prefix.size() >= 16)
                ++f.prefixedKeys;
        }
    }
    // OpenAI's older "sk-" keys: sk- followed by 32+ alphanumerics.
    for (std::size_t p = t.find("sk-"); p != std::string_view::npos; p = t.find("sk-", p + 1)) {
        std::size_t e = p + 3;
        while (e < t.size() && isAlnum(t[e]))
            ++e;
        if (e - p - 3 >= 32 && (p == 0 || !isAlnum(t[p - 1])))
            ++f.prefixedKeys;
    }
    if (contains(t, "-----BEGIN") && contains(t, "PRIVATE KEY-----"))
        ++f.privateKeys;
    for (std::size_t p = t.find("eyJ"); p != std::string_view::npos; p = t.find("eyJ", p + 1)) {
        std::size_t e = p;
        int dots = 0;
        while (e < t.size() && (isAlnum(t[e]) || t[e] == '_' || t[e] == '-' || t[e] == '.')) {
            dots += t[e] == '.';
            ++e;
        }
        if (dots == 2 && e - p > 30)
            ++f.jwts;
        p = e;
    }
    // key=VALUE / key: VALUE where the name says it is a secret and the value is random.
    const std::string low = lower(t);
    for (std::string_view name : {"api_key", "apikey", "secret", "token", "password", "passwd"}) {
        for (std::size_t p = low.find(name); p != std::string::npos; p = low.find(name, p + 1)) {
            std::size_t v = p + name.size();
            while (v < t.size() && (isAlnum(t[v]) || t[v] == '_'))
                ++v;   // API_KEY_PROD=
            while (v < t.size() && (t[v] == ' ' || t[v] == '"' || t[v] == '\''))
                ++v;
            if (v >= t.size() || (t[v] != '=' && t[v] != ':'))
                continue;
            ++v;
            while (v < t.size() && (t[v] == ' ' || t[v] == '"' || t[v] == '\''))
                ++v;
            std::size_t e = v;
            while (e < t.size() && !std::isspace(static_cast<unsigned char>(t[e])) && t[e] != '"' && t[e] != '\'' && t[e] != ',')
                ++e;
            const std::string_view value = t.substr(v, e - v);
            if (value.size() >= 16 && entropy(value) >= 3.5)
                ++f.highEntropy;
        }
    }
    return f;
}

bool looksLikeRefusal(std::string_view output)
{
    const std::string low = lower(output.substr(0, 160));
    for (std::string_view marker : {"i'm sorry", "i am sorry", "sorry, i can", "i can't", "i cannot", "i can not",
                                    "i won't", "i will not", "i'm not able", "i am not able", "i'm unable",
                                    "i am unable", "as an ai"}) {
        if (low.find(marker) != std::string::npos)
            return true;
    }
    return false;
}

bool disclosesSystemPrompt(std::string_view output, std::string_view systemInstructions)
{
    if (output.size() < 40)
        return false;
    // Eight words of the real system prompt in a row.
    if (systemInstructions.size() >= 40) {
        std::vector<std::string_view> words;
        for (std::size_t i = 0; i < systemInstructions.size();) {
            const auto e = std::min(systemInstructions.find(' ', i), systemInstructions.size());
            if (e > i)
                words.push_back(systemInstructions.substr(i, e - i));
            i = e + 1;
        }
        for (std::size_t i = 0; i + 8 <= words.size(); i += 4) {
            const std::string_view phrase(words[i].data(),
                                          static_cast<std::size_t>(words[i + 7].data() + words[i + 7].size() - words[i].data()));
            if (contains(output, phrase))
                return true;
        }
    }
    const std::string low = lower(output.substr(0, 4096));
    for (std::string_view lead : {"my instructions are", "my system prompt", "here is the text i was given",
                                  "initial configuration:", "my initial prompt", "the system prompt is"}) {
        if (low.find(lead) != std::string::npos)
            return true;
    }
    // "You are X, the/a ..." followed by a directive typical of system prompts.
    const auto you = low.find("you are ");
    if (you != std::string::npos && you < 200) {
        const std::string_view rest = std::string_view(low).substr(you, 600);
        for (std::string_view directive : {"never reveal", "do not reveal", "don't reveal", "do not disclose",
                                           "confidential", "internal escalation", "you must never"}) {
            if (contains(rest, directive))
                return true;
        }
    }
    return false;
}

bool roleAdoption(std::string_view prompt, std::string_view output)
{
    const std::string p = lower(prompt.substr(0, 8192));
    for (std::string_view marker : {"you are now dan", "do anything now", "developer mode enabled", "jailbroken",
                                    "stay in character", "you have no restrictions", "without any restrictions",
                                    "ignore your guidelines", "unfiltered and amoral", "aim stands for"}) {
        if (p.find(marker) != std::string::npos)
            return true;
    }
    const std::string o = lower(output.substr(0, 400));
    for (std::string_view marker : {"[🔓jailbreak]", "as dan,", "dan:", "developer mode output", "(🔓developer mode"}) {
        if (o.find(marker) != std::string::npos)
            return true;
    }
    return false;
}

} // namespace cordon::core::scan
