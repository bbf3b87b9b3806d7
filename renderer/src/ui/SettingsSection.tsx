import { Paper, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/** A titled group of settings (or of any form): a card with a heading, a plain-words description, and its rows. */
export function SettingsSection({ title, description, children, testId }: { title: string; description?: string; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <Paper component="section" withBorder radius="md" p="lg" className="settings-section" aria-labelledby={id} data-testid={testId}>
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      {description ? (
        <Text size="sm" c="dimmed" mt={4}>
          {description}
        </Text>
      ) : null}
      <div className="settings-rows">{children}</div>
    </Paper>
  );
}
