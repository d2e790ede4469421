export declare const OP_TEST_FILES: string[];
