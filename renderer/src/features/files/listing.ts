// A folder's listing, paged by key (files.list): the first page shows at
// once, the following ones are read one after another in the background, so
// a folder of 10,000 entries never costs one long call, and type-ahead, End
// and sorting work on the whole folder a moment later. A `changed` event
// refetches the pages in turn, each from the fresh end of the one before.
import { useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { FileCursor, FileSortKey, FolderListing } from '../../../../shared/files';
import { FILES_PAGE } from '../../../../shared/files';
import { api } from '../../bridge';

export function useFolderListing(path: string, sort: FileSortKey, descending: boolean) {
  const q = useInfiniteQuery<FolderListing, Error, InfiniteData<FolderListing, FileCursor | null>, unknown[], FileCursor | null>({
    queryKey: ['files', 'files.list', { path, sort, descending }],
    queryFn: ({ pageParam }) => api.call('files.list', { path, sort, descending, after: pageParam, limit: FILES_PAGE }),
    initialPageParam: null,
    getNextPageParam: (last) => last.next,
  });
  const { hasNextPage, isFetchingNextPage, isFetching, fetchNextPage } = q;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isFetching) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isFetching, fetchNextPage]);
  const pages = q.data?.pages;
  const first = pages?.[0];
  const data: FolderListing | undefined = first && pages ? { ...first, entries: pages.length === 1 ? first.entries : pages.flatMap((p) => p.entries), next: pages.at(-1)?.next ?? null } : undefined;
  return { data, error: q.error, loadingMore: hasNextPage === true };
}
