#include "ui/shell/command_palette.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace cordon::ui {
namespace {
constexpr int kIndexRole = Qt::UserRole + 1;
constexpr int kShown = 60;   ///< commands listed at most; typing narrows the rest

/// Every word typed appears somewhere in the command, in any order and case.
bool matches(const QString &haystack, const QStringList &words)
{
    for (const QString &w : words) {
        if (!haystack.contains(w, Qt::CaseInsensitive))
            return false;
    }
    return true;
}
} // namespace

CommandPalette::CommandPalette(QWidget *parent)
    : QDialog(parent, Qt::Popup), m_input(new QLineEdit), m_list(new QListWidget), m_lookupLater(new QTimer(this))
{
    setObjectName(QStringLiteral("commandPalette"));
    setStyleSheet(QStringLiteral("#commandPalette { border: 1px solid palette(dark); }"
                                 " #paletteList::item { padding: 3px 4px; }"));
    QFont larger = m_input->font();
    larger.setPointSizeF(larger.pointSizeF() * 1.15);
    m_input->setFont(larger);
    m_input->setObjectName(QStringLiteral("paletteInput"));
    m_input->setPlaceholderText(tr("Go to a page, run an action, open an alert, find an account, IP or session…"));
    m_input->setClearButtonEnabled(true);
    m_list->setObjectName(QStringLiteral("paletteList"));
    m_list->setUniformItemSizes(true);
    m_list->setFocusPolicy(Qt::NoFocus);   // typing stays in the line; arrows move the list
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_input);
    layout->addWidget(m_list);
    m_input->installEventFilter(this);

    m_lookupLater->setSingleShot(true);
    m_lookupLater->setInterval(150);
    connect(m_lookupLater, &QTimer::timeout, this, &CommandPalette::lookUp);
    connect(m_input, &QLineEdit::textChanged, this, &CommandPalette::filter);
    connect(m_input, &QLineEdit::returnPressed, this, &CommandPalette::runCurrent);
    // Enter reaches the line (the list never takes focus); a click runs the row clicked.
    // Not itemActivated as well: with single-click activation a click would run it twice.
    connect(m_list, &QListWidget::itemClicked, this, &CommandPalette::runCurrent);
}

void CommandPalette::setCommands(std::vector<Command> commands)
{
    // While the user is choosing, the rows they see keep meaning what they say: the new
    // commands wait for the next keystroke.
    m_pending = std::move(commands);
    if (!isVisible())
        filter();
}

void CommandPalette::popup()
{
    if (QWidget *p = parentWidget()) {
        const int w = std::min(720, p->width() - 40);
        resize(w, 420);
        move(p->mapToGlobal(QPoint((p->width() - w) / 2, 60)));
    }
    m_input->clear();
    filter();
    show();
    raise();
    activateWindow();
    m_input->setFocus();
}

void CommandPalette::filter()
{
    if (m_pending) {
        m_commands = std::move(*m_pending);
        m_pending.reset();
    }
    m_found.clear();
    ++m_asked;   // an answer for the text before this one is no longer wanted
    m_list->clear();
    const QStringList words = m_input->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    int shown = 0;
    m_entitiesAt = 0;
    for (std::size_t i = 0; i < m_commands.size() && shown < kShown; ++i) {
        const Command &c = m_commands[i];
        if (matches(c.text + QLatin1Char(' ') + c.detail, words)) {
            addRow(c, static_cast<int>(i), m_list->count());
            ++shown;
            m_entitiesAt += c.afterEntities ? 0 : 1;
        }
    }
    m_list->setCurrentRow(0);
    if (m_lookup && !m_input->text().trimmed().isEmpty())
        m_lookupLater->start();
    else
        m_lookupLater->stop();
}

void CommandPalette::lookUp()
{
    const unsigned asked = ++m_asked;
    m_lookup(m_input->text().trimmed(), [this, asked](std::vector<Command> found) {
        if (asked != m_asked)
            return;   // typed on since
        const bool nothingBefore = m_list->count() == 0;
        m_found = std::move(found);
        for (std::size_t i = 0; i < m_found.size(); ++i)
            addRow(m_found[i], static_cast<int>(m_commands.size() + i), m_entitiesAt + static_cast<int>(i));
        if (nothingBefore || m_list->currentRow() >= m_entitiesAt)
            m_list->setCurrentRow(std::min(m_list->currentRow(), m_entitiesAt));
    });
}

void CommandPalette::addRow(const Command &command, int index, int row)
{
    auto *item = new QListWidgetItem(command.detail.isEmpty() ? command.text
                                                              : QStringLiteral("%1    —  %2").arg(command.text, command.detail));
    item->setData(kIndexRole, index);
    item->setToolTip(command.detail);
    m_list->insertItem(row, item);
}

void CommandPalette::runCurrent()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const auto index = static_cast<std::size_t>(item->data(kIndexRole).toInt());
    // Copied out first: running it may set new commands (a page opening, a case loading).
    const std::function<void()> run = index < m_commands.size() ? m_commands[index].run
                                                                : m_found.at(index - m_commands.size()).run;
    hide();
    if (run)
        run();
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        const int rows = m_list->count();
        if ((key == Qt::Key_Down || key == Qt::Key_Up || key == Qt::Key_PageDown || key == Qt::Key_PageUp) && rows) {
            const int step = key == Qt::Key_Down ? 1 : key == Qt::Key_Up ? -1 : key == Qt::Key_PageDown ? 10 : -10;
            m_list->setCurrentRow(std::clamp(m_list->currentRow() + step, 0, rows - 1));
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace cordon::ui
