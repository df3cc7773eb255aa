#pragma once

#include <string_view>
#include <vector>

namespace cordon::core::response {

/// The playbooks under resources/playbooks, one JSON document each, built into the program.
const std::vector<std::string_view> &builtinPlaybookJson();
/// resources/atlas/techniques.csv (id,name,tactics), from MITRE ATLAS (Apache-2.0).
std::string_view atlasTechniquesCsv();
/// resources/templates/<audience>.md: a statement's first line is "Subject: …", then the body;
/// {{name}} marks a fact the case fills in. Empty for an unknown audience.
std::string_view builtinStatementTemplate(std::string_view audience);

} // namespace cordon::core::response
