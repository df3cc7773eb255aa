// cordon-cli examples: the case's adversarial-example database (record, list, find similar,
// record trials against other model versions, export for adversarial training).
#include "arguments.h"
#include "commands.h"
#include "terminal.h"

#include "core/forensics/adversarial_examples.h"
#include "core/store/case_file.h"
#include "core/util/atomic_file.h"

#include <cstdio>
#include <cstdlib>

namespace cordon::cli {
namespace {

namespace fx = core::forensics;

void printExample(const fx::AdversarialExample &e, std::optional<double> similarity = std::nullopt)
{
    const fx::Transfer t = fx::transferOf(e);
    std::printf("%lld  %-18s %-8s target %s%s", static_cast<long long>(e.id), e.attackType.c_str(), e.severity.c_str(),
                e.target.c_str(), t.tried ? "" : "\n");
    if (t.tried)
        std::printf("; fools %d of %d other model versions tried\n", t.fooled, t.tried);
    if (similarity)
        std::printf("    similarity %.2f\n", *similarity);
    std::printf("    > %s\n", e.input.substr(0, 160).c_str());
}

int add(core::CaseFile &file, const Arguments &args, const std::string &actor)
{
    fx::AdversarialExample e;
    if (auto event = args.value("from-event")) {
        auto from = fx::exampleFromEvent(file.db(), std::atoll(event->c_str()));
        if (!from)
            return reportError(from.error());
        e = std::move(*from);
    }
    const auto set = [&args](const char *name, std::string &field) {
        if (auto v = args.value(name))
            field = *v;
    };
    const auto setOpt = [&args](const char *name, std::optional<std::string> &field) {
        if (auto v = args.value(name))
            field = *v;
    };
    set("input", e.input);
    set("attack-type", e.attackType);
    set("target", e.target);
    set("severity", e.severity);
    setOpt("prediction", e.prediction);
    setOpt("ground-truth", e.groundTruth);
    setOpt("perturbation", e.perturbation);
    setOpt("discovery", e.discovery);
    auto id = fx::recordExample(file.db(), core::SystemClock::instance(), actor, std::move(e));
    if (!id)
        return reportError(id.error());
    std::printf("recorded adversarial example %lld\n", static_cast<long long>(*id));
    return kOk;
}

} // namespace

int runExamples(const std::vector<std::string> &words)
{
    Arguments args;
    if (auto err = args.parse(words, {{"input", "from-event", "attack-type", "target", "prediction", "ground-truth",
                                       "perturbation", "discovery", "severity", "top", "model-version", "fooled", "out",
                                       "actor"},
                                      {"json"}}))
        return usageError(*err);
    const auto &pos = args.positionals();
    if (pos.empty())
        return usageError("examples takes a case file, then add, list, similar, trial or export");
    const std::string verb = pos.size() > 1 ? pos[1] : "list";
    const bool writes = verb == "add" || verb == "trial";
    const std::string actor = args.valueOr("actor", "cordon-cli");
    std::unique_ptr<core::CaseFile> file;
    if (writes) {
        auto opened = openForWriting(pos[0], "cordon-cli examples");
        if (!opened)
            return reportError(opened.error());
        file = std::move(*opened);
    } else {
        auto opened = core::CaseFile::open(pos[0], {true, "cordon-cli examples"});
        if (!opened)
            return reportError(opened.error());
        file = std::move(*opened);
    }
    try {
        auto &db = file->db();
        if (verb == "add")
            return add(*file, args, actor);
        if (verb == "list") {
            const auto all = fx::listExamples(db);
            if (args.has("json")) {
                nlohmann::json out = nlohmann::json::array();
                for (const auto &e : all)
                    out.push_back(e.toJson());
                std::printf("%s\n", out.dump(2).c_str());
            } else {
                for (const auto &e : all)
                    printExample(e);
                std::printf("%zu adversarial examples\n", all.size());
            }
            return kOk;
        }
        if (verb == "similar") {
            if (pos.size() != 3)
                return usageError("examples CASE similar TEXT [--top K]");
            const int top = std::atoi(args.valueOr("top", "5").c_str());
            if (top <= 0)
                return usageError("--top takes a number above 0");
            const auto found = fx::similarExamples(db, pos[2], top);
            if (args.has("json")) {
                nlohmann::json out = nlohmann::json::array();
                for (const auto &[e, s] : found) {
                    out.push_back(e.toJson());
                    out.back()["similarity"] = s;
                }
                std::printf("%s\n", out.dump(2).c_str());
            } else {
                for (const auto &[e, s] : found)
                    printExample(e, s);
            }
            return kOk;
        }
        if (verb == "trial") {
            const auto fooled = args.value("fooled");
            if (pos.size() != 3 || !args.has("model-version") || !fooled || (*fooled != "yes" && *fooled != "no"))
                return usageError("examples CASE trial ID --model-version V --fooled yes|no");
            auto done = fx::recordTrial(db, core::SystemClock::instance(), actor, std::atoll(pos[2].c_str()),
                                        *args.value("model-version"), *fooled == "yes");
            if (!done)
                return reportError(done.error());
            return kOk;
        }
        if (verb == "export") {
            std::int64_t skipped = 0;
            const std::string lines = fx::trainingJsonl(db, &skipped);
            if (auto out = args.value("out")) {
                if (auto written = core::writeFileAtomically(*out, lines); !written)
                    return reportError(written.error());
            } else {
                std::fwrite(lines.data(), 1, lines.size(), stdout);
            }
            if (skipped)
                std::fprintf(stderr, "%lld examples without a ground truth were left out\n", static_cast<long long>(skipped));
            return kOk;
        }
    } catch (const core::SqlError &e) {
        return reportError({core::ErrorCode::Database, std::string("the example database failed: ") + e.what()});
    }
    return usageError("examples: unknown action '" + verb + "' (add, list, similar, trial, export)");
}

} // namespace cordon::cli
