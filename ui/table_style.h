#pragma once

#include <initializer_list>

class QTableView;

namespace cordon::ui {

/// A read-only list of whole rows with fixed row heights (no per-row measuring, as long
/// tables need), a stretching last column and these starting column widths.
void configureTable(QTableView *view, std::initializer_list<int> widths = {});

} // namespace cordon::ui
