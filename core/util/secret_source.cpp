#include "core/util/secret_source.h"

#include <cstdlib>
#include <fstream>

namespace cordon::core {

Expected<std::string> readSecret(const std::string &source)
{
    if (source.starts_with("env:")) {
        const char *value = std::getenv(source.substr(4).c_str());
        if (!value || !*value)
            return Error{ErrorCode::Invalid, "the environment variable " + source.substr(4) + " holding the secret is not set"};
        return std::string(value);
    }
    if (source.starts_with("file:")) {
        std::ifstream in(source.substr(5));
        std::string line;
        if (!in || !std::getline(in, line) || line.empty())
            return Error{ErrorCode::Io, "cannot read the secret from " + source.substr(5)};
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        return line;
    }
    return Error{ErrorCode::Invalid, "a secret is named as env:NAME or file:PATH, not \"" + source + "\""};
}

} // namespace cordon::core
