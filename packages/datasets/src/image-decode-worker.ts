/**
 * Worker-thread entry of the tower batch stream: decodes, augments and
 * resizes images off the training thread, so decoding overlaps training.
 */
import workerpool from 'workerpool';
import { type DecodeTask, decodeAndPreprocess } from './image-decode-task';

workerpool.worker({
  decode(task: DecodeTask) {
    const data = decodeAndPreprocess(task);
    return new workerpool.Transfer(data, [data.buffer]);
  },
});
