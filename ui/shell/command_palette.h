#pragma once

#include <QDialog>

#include <functional>
#include <optional>
#include <vector>

class QLineEdit;
class QListWidget;
class QTimer;

namespace cordon::ui {

/// Ctrl+K: one line to type into, and every page, action, alert and entity that matches
/// it. Commands the window knows are filtered as the user types; entities (accounts, IPs,
/// sessions) are asked of the case a moment after typing stops.
class CommandPalette : public QDialog {
    Q_OBJECT
public:
    struct Command {
        QString text;     ///< what the user reads and types against
        QString detail;   ///< where it belongs, its shortcut
        std::function<void()> run;
        bool afterEntities = false;   ///< listed below what the case is found to hold (alerts)
    };
    using Answer = std::function<void(std::vector<Command>)>;
    /// Looks up what `text` names in the case and answers (later, on this thread).
    using Lookup = std::function<void(const QString &text, Answer answer)>;

    explicit CommandPalette(QWidget *parent = nullptr);

    void setCommands(std::vector<Command> commands);
    void setLookup(Lookup lookup) { m_lookup = std::move(lookup); }
    /// Shows the palette empty, over the top of its parent, ready to type.
    void popup();

    QLineEdit *input() const { return m_input; }
    QListWidget *list() const { return m_list; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void filter();
    void lookUp();
    void runCurrent();
    void addRow(const Command &command, int index, int row);

    QLineEdit *m_input;
    QListWidget *m_list;
    QTimer *m_lookupLater;
    std::vector<Command> m_commands;
    std::optional<std::vector<Command>> m_pending;   ///< set while the palette was open
    std::vector<Command> m_found;   ///< entities for the text last looked up; index ≥ m_commands.size()
    Lookup m_lookup;
    unsigned m_asked = 0;           ///< the lookup whose answer is still wanted
    int m_entitiesAt = 0;           ///< the row entities are listed from
};

} // namespace cordon::ui
