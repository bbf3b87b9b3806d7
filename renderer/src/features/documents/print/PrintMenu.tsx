import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PrintKind } from '../../../../../shared/documents-print';
import { Icon } from '../../../ui/Icon';

/** "Print register…" and "Print processing report…", a menu reachable from the keyboard (Tab, Enter, arrows). */
export function PrintMenu({ onPrint }: { onPrint: (kind: PrintKind) => void }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="subtle" leftSection={<Icon name="print" />} className="doc-print-menu">
          {t('documents.print.menu')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<Icon name="print" />} onClick={() => onPrint('register')}>
          {t('documents.print.register')}
        </Menu.Item>
        <Menu.Item leftSection={<Icon name="print" />} onClick={() => onPrint('report')}>
          {t('documents.print.report')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
