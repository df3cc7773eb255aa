// cordon-cli iocs: the case's indicators of compromise as a STIX 2.1 bundle or CSV.
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/forensics/indicator_export.h"
#include "core/store/case_file.h"
#include "core/util/atomic_file.h"

#include <cstdio>

namespace cordon::cli {

int runIocs(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"format", "out"}, {}}))
        return usageError(*err);
    if (args.positionals().size() != 1)
        return usageError("iocs takes one case file");
    const std::string format = args.valueOr("format", "stix");
    if (format != "stix" && format != "csv")
        return usageError("--format is stix or csv");
    auto file = core::CaseFile::open(args.positionals()[0], {true, "cordon-cli iocs"});
    if (!file)
        return reportError(file.error());
    std::string content;
    std::int64_t count = 0;
    try {
        auto &db = (*file)->db();
        count = db.queryInt("SELECT (SELECT COUNT(*) FROM indicators WHERE type <> 'protected_text')"
                            " + (SELECT COUNT(*) FROM derived_indicators)");
        content = format == "stix" ? core::forensics::stixBundle(db, core::SystemClock::instance().now()).dump(2) + "\n"
                                   : core::forensics::indicatorsCsv(db);
    } catch (const core::SqlError &e) {
        return reportError({core::ErrorCode::Database, std::string("reading indicators failed: ") + e.what()});
    }
    if (auto out = args.value("out")) {
        if (auto written = core::writeFileAtomically(*out, content); !written)
            return reportError(written.error());
        std::fprintf(stderr, "wrote %lld indicators to %s\n", static_cast<long long>(count), out->c_str());
    } else {
        std::fwrite(content.data(), 1, content.size(), stdout);
    }
    return kOk;
}

} // namespace cordon::cli
